package dev.orderpipeline.orders;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.orderpipeline.events.CartItemAdded;
import dev.orderpipeline.events.CartItemRemoved;
import dev.orderpipeline.events.CartOpened;
import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.PipelineEvent;

/** The storefront's events for one cart, each a new event (a new id) as the API publishes them. */
record CartEvents(UUID cartId) {

    static final Customer ANN = new Customer("ann@example.com", "Ann");

    static CartEvents newCart() {
        return new CartEvents(UUID.randomUUID());
    }

    EventEnvelope opened() {
        return event(new CartOpened(cartId));
    }

    EventEnvelope added(String sku, int quantity) {
        return event(new CartItemAdded(cartId, sku, quantity));
    }

    EventEnvelope removed(String sku) {
        return event(new CartItemRemoved(cartId, sku));
    }

    /** A checkout request under {@code idempotencyKey}; asked again, it has a new event id and the same order id. */
    EventEnvelope checkout(String idempotencyKey) {
        return event(new CheckoutRequested(cartId, orderId(idempotencyKey), idempotencyKey, ANN));
    }

    UUID orderId(String idempotencyKey) {
        return UUID.nameUUIDFromBytes((cartId + "/" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }

    private EventEnvelope event(PipelineEvent payload) {
        return EventEnvelope.of(payload, cartId.toString());
    }
}
