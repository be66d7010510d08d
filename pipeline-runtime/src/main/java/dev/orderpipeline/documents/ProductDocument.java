package dev.orderpipeline.documents;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** {@code catalog.products}: one document per SKU, written by the inventory worker. */
@Document("products")
public record ProductDocument(@Id String sku, String name, String description, long priceCents, String currency,
                              Instant updatedAt) {

    public ProductDocument {
        description = description == null ? "" : description;
    }
}
