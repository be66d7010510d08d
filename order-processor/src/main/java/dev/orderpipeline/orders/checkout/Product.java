package dev.orderpipeline.orders.checkout;

/** The part of a catalog product that pricing needs. */
public record Product(String sku, long priceCents, String currency) {
}
