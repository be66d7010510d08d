package dev.orderpipeline.events;

/** Admin added (or, if negative, removed) stock of a SKU. */
public record StockAdjusted(String sku, int delta, String reason) implements PipelineEvent {
    public StockAdjusted {
        Checks.sku(sku);
        if (delta == 0) {
            throw new IllegalArgumentException("delta must not be 0");
        }
        Checks.text(reason, "reason");
    }

    @Override public String key() { return sku; }
    @Override public String topic() { return Topics.CATALOG; }
}
