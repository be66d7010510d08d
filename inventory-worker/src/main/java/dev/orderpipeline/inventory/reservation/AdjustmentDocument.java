package dev.orderpipeline.inventory.reservation;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * {@code inventory.adjustments}: one stock adjustment applied, by its event id (the unique
 * {@code _id}), so a replay of it, however late, applies nothing. The SKU's stock document keeps
 * the ids only while they are recent ({@link StockStore}).
 */
@Document(AdjustmentDocument.COLLECTION)
public record AdjustmentDocument(@Id UUID adjustmentId, String sku, int delta, Instant appliedAt) {

    public static final String COLLECTION = "adjustments";
    static final String APPLIED_AT = "appliedAt";
}
