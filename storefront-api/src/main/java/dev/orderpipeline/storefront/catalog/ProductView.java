package dev.orderpipeline.storefront.catalog;

/** A product as the API shows it; {@code available} is stock that can still be reserved. */
public record ProductView(String sku, String name, String description, long priceCents, String currency,
                          long available) {
}
