package dev.orderpipeline.events;

import java.util.UUID;

/** The shopper asked to turn the cart into an order; orderId is derived from (cartId, idempotencyKey). */
public record CheckoutRequested(UUID cartId, UUID orderId, String idempotencyKey, Customer customer)
        implements PipelineEvent {
    public CheckoutRequested {
        Checks.present(cartId, "cartId");
        Checks.present(orderId, "orderId");
        Checks.text(idempotencyKey, "idempotencyKey");
        Checks.present(customer, "customer");
    }

    @Override public String key() { return cartId.toString(); }
    @Override public String topic() { return Topics.CARTS; }
}
