package dev.orderpipeline.events;

public record OrderLine(String sku, int quantity, long unitPriceCents) {
    public OrderLine {
        Checks.sku(sku);
        Checks.positive(quantity, "quantity");
        if (unitPriceCents < 0) {
            throw new IllegalArgumentException("unitPriceCents must not be negative");
        }
    }

    public long totalCents() {
        return unitPriceCents * quantity;
    }
}
