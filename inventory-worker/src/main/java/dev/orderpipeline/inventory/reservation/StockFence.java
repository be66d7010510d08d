package dev.orderpipeline.inventory.reservation;

import java.util.Map;
import java.util.Set;

import dev.orderpipeline.documents.StockDocument;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The assignment epochs ({@link AssignmentEpochs}) a run of order events writes the stock under:
 * for each SKU its orders name, the epoch of each {@code orders.v1} partition those orders are in.
 * Every update of such a SKU is conditional on the stored epoch of each of those partitions not
 * being newer than ours, and stores ours where it differs; a SKU the run names but does not change
 * still gets ours stored once (an order refused for it, or answered from its reservation, fences a
 * zombie that planned to hold it).
 */
public record StockFence(Map<String, Map<Integer, Long>> epochs) {

    public static final StockFence NONE = new StockFence(Map.of());

    public Set<String> skus() {
        return epochs.keySet();
    }

    /**
     * @throws StaleAssignmentException if a SKU as read carries a newer epoch than ours for one of
     *                                  its partitions: another instance owns it now
     */
    public void check(Map<String, StockDocument> stored) {
        epochs.forEach((sku, ours) -> {
            StockDocument document = stored.get(sku);
            if (document != null) {
                ours.forEach((partition, epoch) -> {
                    if (document.epoch(partition) > epoch) {
                        throw new StaleAssignmentException("orders.v1 partition " + partition
                                + " is owned by another instance now (epoch " + document.epoch(partition)
                                + " on " + sku + ", ours " + epoch + ")");
                    }
                });
            }
        });
    }

    /** Whether the SKU as read lacks one of our epochs. */
    boolean unstamped(StockDocument stored) {
        return epochs.getOrDefault(stored.sku(), Map.of()).entrySet().stream()
                .anyMatch(entry -> stored.epoch(entry.getKey()) != entry.getValue());
    }

    Criteria guard(Criteria criteria, String sku) {
        for (Map.Entry<Integer, Long> entry : epochs.getOrDefault(sku, Map.of()).entrySet()) {
            criteria = criteria.and(StockDocument.epochOf(entry.getKey())).not().gt(entry.getValue());
        }
        return criteria;
    }

    Update stamp(Update update, String sku, StockDocument stored) {
        epochs.getOrDefault(sku, Map.of()).forEach((partition, epoch) -> {
            if (stored == null || stored.epoch(partition) != epoch) {
                update.set(StockDocument.epochOf(partition), epoch);
            }
        });
        return update;
    }
}
