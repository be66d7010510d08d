package dev.orderpipeline.documents;

import java.util.Map;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * {@code inventory.stock}: one document per SKU, written by the inventory worker. Units move only by
 * single-document atomic conditional updates that record the order's hold ({@code holds.<orderId>})
 * in the same update, so {@code available + held + sold == stocked} always holds and a hold is
 * neither taken nor freed twice. A hold leaves the document when it is sold or released.
 *
 * @param adjustments the stock adjustments applied in the last minutes, by event id, so a replay applies
 *                    none twice (older ones are in the inventory worker's {@code inventory.adjustments})
 * @param epochs      by {@code orders.v1} partition, the highest assignment epoch of the inventory
 *                    worker that updated the SKU for an order of that partition (fencing zombies)
 */
@Document(StockDocument.COLLECTION)
public record StockDocument(@Id String sku, long stocked, long available, long held, long sold,
                            Map<String, Integer> holds, Map<String, Integer> adjustments,
                            Map<String, Long> epochs) {

    public static final String COLLECTION = "stock";
    public static final String STOCKED = "stocked";
    public static final String AVAILABLE = "available";
    public static final String HELD = "held";
    public static final String SOLD = "sold";
    public static final String HOLDS = "holds";
    public static final String ADJUSTMENTS = "adjustments";
    public static final String EPOCHS = "epochs";

    public StockDocument {
        holds = holds == null ? Map.of() : holds;
        adjustments = adjustments == null ? Map.of() : adjustments;
        epochs = epochs == null ? Map.of() : epochs;
    }

    public static StockDocument empty(String sku, int units) {
        return new StockDocument(sku, units, units, 0, 0, Map.of(), Map.of(), Map.of());
    }

    public static String holdOf(UUID orderId) {
        return HOLDS + "." + orderId;
    }

    public static String epochOf(int partition) {
        return EPOCHS + "." + partition;
    }

    /** The highest epoch that wrote this SKU for orders of {@code partition}; 0 if none did. */
    public long epoch(int partition) {
        Long epoch = epochs.get(Integer.toString(partition));
        return epoch == null ? 0 : epoch;
    }

    public boolean holds(UUID orderId) {
        return holds.containsKey(orderId.toString());
    }
}
