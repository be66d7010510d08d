package dev.orderpipeline.events;

import java.util.UUID;

/** Every line of the order is held. */
public record StockReserved(UUID orderId) implements PipelineEvent {
    public StockReserved {
        Checks.present(orderId, "orderId");
    }

    @Override public String key() { return orderId.toString(); }
    @Override public String topic() { return Topics.INVENTORY; }
}
