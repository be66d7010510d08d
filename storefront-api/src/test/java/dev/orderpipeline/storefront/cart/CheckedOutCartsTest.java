package dev.orderpipeline.storefront.cart;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.Reason;
import dev.orderpipeline.storefront.StorefrontProperties;
import dev.orderpipeline.storefront.following.FollowedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which events of {@code orders.v1} say a cart is checked out, and how many carts are remembered. */
class CheckedOutCartsTest {

    private final CheckedOutCarts carts = new CheckedOutCarts(new StorefrontProperties(null,
            null, null, new StorefrontProperties.CheckedOutCarts(2, Duration.ofMinutes(10))));

    @Test
    void aPlacedOrderOrACheckoutsRejectionNamesItsCart() {
        UUID placedCart = UUID.randomUUID();
        UUID emptyCart = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();

        carts.onEvents(List.of(event(new OrderPlaced(orderId, placedCart, List.of(new OrderLine("MUG", 1, 100)), 100,
                        "EUR"), placedCart.toString()),
                event(new OrderRejected(UUID.randomUUID(), Reason.parse("EMPTY_CART")), emptyCart.toString())));

        assertThat(carts.contains(placedCart)).isTrue();
        assertThat(carts.contains(emptyCart)).isTrue();
        assertThat(carts.contains(UUID.randomUUID())).isFalse();
    }

    @Test
    void anExpiryOrAnUnreadableEventNamesNoCart() {
        UUID orderId = UUID.randomUUID();
        EventEnvelope cancelled = EventEnvelope.of(new OrderCancelled(orderId, Reason.parse("EXPIRED: MUG")), orderId.toString());

        assertThat(CheckedOutCarts.cartOf(cancelled)).isNull();
        assertThat(CheckedOutCarts.cartOf(null)).isNull();
        assertThat(CheckedOutCarts.cartOf(EventEnvelope.of(new OrderRejected(orderId, Reason.parse("EMPTY_CART")), "not-a-cart")))
                .isNull();
    }

    @Test
    void theLatestCartsAreRemembered() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();

        carts.onEvents(List.of(rejected(first), rejected(second), rejected(second), rejected(third)));

        assertThat(carts.contains(first)).as("the oldest, beyond the capacity of 2").isFalse();
        assertThat(carts.contains(second)).isTrue();
        assertThat(carts.contains(third)).isTrue();
    }

    private static FollowedEvent rejected(UUID cartId) {
        return event(new OrderRejected(UUID.randomUUID(), Reason.parse("EMPTY_CART")), cartId.toString());
    }

    private static FollowedEvent event(PipelineEvent payload, String correlationId) {
        EventEnvelope envelope = EventEnvelope.of(payload, correlationId);
        return new FollowedEvent(envelope.key(), envelope);
    }
}
