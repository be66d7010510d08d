package dev.orderpipeline.storefront;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param cartIdKey       base64 key (at least 16 bytes) under which cart ids are signed; every replica
 *                        needs the same one. Unset: a random key per start (fine for one instance in development)
 * @param orderEvents     the order status streams ({@code /api/orders/{id}/events})
 * @param catalog         the catalog as the storefront keeps it in memory
 * @param checkedOutCarts the carts known checked out, refused a cart write with 409
 */
@ConfigurationProperties("storefront")
public record StorefrontProperties(
        String cartIdKey,
        @DefaultValue OrderEvents orderEvents,
        @DefaultValue Catalog catalog,
        @DefaultValue CheckedOutCarts checkedOutCarts) {

    /**
     * @param recheckInterval an order whose stream has been open this long is read again this often, a
     *                     safety net in case its change was not seen on the orders topic (changes arrive as events)
     * @param maxLifetime  a stream is closed after this long; the browser reconnects
     * @param heartbeat    a comment line is written to an idle stream this often, to notice gone clients
     * @param appearWithin how long a stream request for an order not recorded yet waits for it
     *                     (right after checkout it takes a moment) before answering 404
     */
    public record OrderEvents(
            @DefaultValue("5s") Duration recheckInterval,
            @DefaultValue("2m") Duration maxLifetime,
            @DefaultValue("15s") Duration heartbeat,
            @DefaultValue("3s") Duration appearWithin) {
    }

    /**
     * @param refreshInterval how often products and their available units are read again from MongoDB
     *                        (product changes on {@code catalog.v1} show at once); {@code available} trails
     *                        the inventory by about this much
     */
    public record Catalog(@DefaultValue("1s") Duration refreshInterval) {
    }

    /**
     * @param capacity how many carts the storefront remembers (the latest checked out)
     * @param lookBack how much of {@code orders.v1} is read at start to fill the set
     */
    public record CheckedOutCarts(@DefaultValue("100000") int capacity, @DefaultValue("10m") Duration lookBack) {
    }
}
