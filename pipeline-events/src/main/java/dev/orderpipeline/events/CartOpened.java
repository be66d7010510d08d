package dev.orderpipeline.events;

import java.util.UUID;

public record CartOpened(UUID cartId) implements PipelineEvent {
    public CartOpened {
        Checks.present(cartId, "cartId");
    }

    @Override public String key() { return cartId.toString(); }
    @Override public String topic() { return Topics.CARTS; }
}
