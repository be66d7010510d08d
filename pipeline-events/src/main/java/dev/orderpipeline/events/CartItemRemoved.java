package dev.orderpipeline.events;

import java.util.UUID;

public record CartItemRemoved(UUID cartId, String sku) implements PipelineEvent {
    public CartItemRemoved {
        Checks.present(cartId, "cartId");
        Checks.sku(sku);
    }

    @Override public String key() { return cartId.toString(); }
    @Override public String topic() { return Topics.CARTS; }
}
