package dev.orderpipeline.events;

import java.util.UUID;

public record CartItemAdded(UUID cartId, String sku, int quantity) implements PipelineEvent {
    public CartItemAdded {
        Checks.present(cartId, "cartId");
        Checks.sku(sku);
        Checks.positive(quantity, "quantity");
    }

    @Override public String key() { return cartId.toString(); }
    @Override public String topic() { return Topics.CARTS; }
}
