package dev.orderpipeline.events;

import java.util.UUID;

/** Not every line could be held; nothing is held for the order. */
public record StockRejected(UUID orderId, String reason) implements PipelineEvent {
    public StockRejected {
        Checks.present(orderId, "orderId");
        Checks.text(reason, "reason");
    }

    @Override public String key() { return orderId.toString(); }
    @Override public String topic() { return Topics.INVENTORY; }
}
