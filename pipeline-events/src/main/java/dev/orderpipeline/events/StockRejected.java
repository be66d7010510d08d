package dev.orderpipeline.events;

import java.util.UUID;

/** Not every line could be held ({@code OUT_OF_STOCK} or {@code UNKNOWN_PRODUCT}); nothing is held for the order. */
public record StockRejected(UUID orderId, Reason reason) implements PipelineEvent {
    public StockRejected {
        Checks.present(orderId, "orderId");
        Checks.present(reason, "reason");
    }

    @Override public String key() { return orderId.toString(); }
    @Override public String topic() { return Topics.INVENTORY; }
}
