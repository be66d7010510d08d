package dev.orderpipeline.events;

/** Admin created or changed a product; price in integer cents. */
public record ProductUpserted(String sku, String name, @OptionalField String description, long priceCents,
                              String currency) implements PipelineEvent {
    public ProductUpserted {
        Checks.sku(sku);
        Checks.text(name, "name");
        description = description == null ? "" : description;
        if (priceCents < 0) {
            throw new IllegalArgumentException("priceCents must not be negative");
        }
        Checks.text(currency, "currency");
    }

    @Override public String key() { return sku; }
    @Override public String topic() { return Topics.CATALOG; }
}
