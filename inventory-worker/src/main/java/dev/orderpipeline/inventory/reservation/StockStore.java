package dev.orderpipeline.inventory.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.mongodb.bulk.BulkWriteResult;
import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * {@code inventory.stock} (see {@link StockDocument}). Units move only by single-document atomic
 * conditional updates that record or remove the orders' holds in the same update, one per SKU per
 * batch, so {@code available + held + sold == stocked} always holds and no hold is taken or freed twice.
 * Each such update is also fenced by the batch's assignment epochs ({@link StockFence}).
 *
 * <p>A stock adjustment is applied by one conditional update that records its event id in the SKU's
 * document ({@code adjustments.<eventId>}), so it applies once. The id is then also recorded in
 * {@code inventory.adjustments} ({@link AdjustmentDocument}), which a replay consults first, and
 * leaves the SKU's document once it has been there for {@link #ADJUSTMENT_IDS_KEPT}: the document
 * holds the adjustments of the last minutes, however many were ever made. The delay covers a
 * second instance that read the ledger before the first recorded the id there and updates the stock
 * after it (a batch never stalls that long between two statements: MongoDB calls time out in seconds).
 */
@Component
public class StockStore {

    /** How long an applied adjustment's id stays in the SKU's document besides the ledger. */
    static final Duration ADJUSTMENT_IDS_KEPT = Duration.ofMinutes(10);

    private final MongoTemplate inventory;
    private final Clock clock;
    private final Duration adjustmentIdsKept;

    @Autowired
    public StockStore(MongoDatabases mongo) {
        this(mongo, Clock.systemUTC(), ADJUSTMENT_IDS_KEPT);
    }

    StockStore(MongoDatabases mongo, Clock clock, Duration adjustmentIdsKept) {
        this.inventory = mongo.inventory();
        this.clock = clock;
        this.adjustmentIdsKept = adjustmentIdsKept;
    }

    public Map<String, StockDocument> load(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Map.of();
        }
        return inventory.find(query(where("_id").in(skus)), StockDocument.class).stream()
                .collect(Collectors.toMap(StockDocument::sku, Function.identity()));
    }

    /** {@link #apply(Collection, StockFence, Map)} with no fence. */
    public boolean apply(Collection<StockChange> changes) {
        return apply(changes, StockFence.NONE, Map.of());
    }

    /**
     * Applies every change, one conditional update per SKU, each also conditional on the fence's
     * epochs; a SKU of the fence without a change whose stored epochs are not ours gets them stored.
     *
     * @param stored the stock as read for the plan of these changes
     * @return false if some update found its SKU not as planned (another instance took the units
     *         meanwhile, or fenced this one): read again and plan again; the updates that did apply
     *         are seen in the stock
     */
    public boolean apply(Collection<StockChange> changes, StockFence fence, Map<String, StockDocument> stored) {
        Set<String> changed = changes.stream().map(StockChange::sku).collect(Collectors.toSet());
        List<StockDocument> unstamped = fence.skus().stream().filter(sku -> !changed.contains(sku))
                .map(stored::get).filter(document -> document != null && fence.unstamped(document)).toList();
        if (changes.isEmpty() && unstamped.isEmpty()) {
            return true;
        }
        // By collection name: the hold fields are named by order ids, which the mapper would otherwise try,
        // field by field, to resolve against StockDocument's properties.
        BulkOperations bulk = inventory.bulkOps(BulkOperations.BulkMode.UNORDERED, StockDocument.COLLECTION);
        changes.forEach(change -> bulk.updateOne(query(fence.guard(expected(change, stored.get(change.sku())),
                        change.sku())),
                fence.stamp(update(change), change.sku(), stored.get(change.sku()))));
        unstamped.forEach(document -> bulk.updateOne(query(fence.guard(where("_id").is(document.sku()), document.sku())),
                fence.stamp(new Update(), document.sku(), document)));
        BulkWriteResult result = bulk.execute();
        return result.getMatchedCount() == changes.size() + unstamped.size();
    }

    /**
     * Adds {@code delta} units (negative removes, never more than are available), once per
     * adjustment event.
     *
     * @return false if the SKU is unknown or the removal would take more than is available
     */
    public boolean adjust(String sku, int delta, UUID adjustmentId) {
        boolean applied = inventory.exists(query(where("_id").is(adjustmentId)), AdjustmentDocument.class)
                || applyOnce(sku, delta, adjustmentId);
        if (applied) {
            inventory.upsert(query(where("_id").is(adjustmentId)), new Update().setOnInsert("sku", sku)
                    .setOnInsert("delta", delta).setOnInsert(AdjustmentDocument.APPLIED_AT, clock.instant()),
                    AdjustmentDocument.class);
            forgetOldAdjustments(sku);
        }
        return applied;
    }

    private boolean applyOnce(String sku, int delta, UUID adjustmentId) {
        String applied = StockDocument.ADJUSTMENTS + "." + adjustmentId;
        Query filter = query(where("_id").is(sku).and(applied).exists(false)
                .and(StockDocument.AVAILABLE).gte(Math.max(0, -delta)));
        long modified = inventory.updateFirst(filter, new Update().inc(StockDocument.STOCKED, delta)
                .inc(StockDocument.AVAILABLE, delta).set(applied, delta), StockDocument.class).getModifiedCount();
        return modified == 1 || inventory.exists(query(where("_id").is(sku).and(applied).exists(true)),
                StockDocument.class);
    }

    /**
     * Removes from the SKU's document the adjustment ids the ledger has held for longer than
     * {@link #adjustmentIdsKept}; ids the ledger lacks (written before it existed) are added to it first.
     */
    private void forgetOldAdjustments(String sku) {
        StockDocument document = inventory.findById(sku, StockDocument.class);
        if (document == null || document.adjustments().isEmpty()) {
            return;
        }
        Set<String> inDocument = document.adjustments().keySet();
        List<AdjustmentDocument> recorded = inventory.find(query(where("_id").in(inDocument)),
                AdjustmentDocument.class);
        Set<String> inLedger = recorded.stream().map(a -> a.adjustmentId().toString())
                .collect(Collectors.toSet());
        Instant now = clock.instant();
        inDocument.stream().filter(id -> !inLedger.contains(id)).forEach(id -> inventory.upsert(
                query(where("_id").is(UUID.fromString(id))), new Update().setOnInsert("sku", sku)
                        .setOnInsert("delta", document.adjustments().get(id))
                        .setOnInsert(AdjustmentDocument.APPLIED_AT, now), AdjustmentDocument.class));
        List<String> old = recorded.stream().filter(a -> a.appliedAt().plus(adjustmentIdsKept).isBefore(now))
                .map(a -> a.adjustmentId().toString()).toList();
        if (!old.isEmpty()) {
            Update forget = new Update();
            old.forEach(id -> forget.unset(StockDocument.ADJUSTMENTS + "." + id));
            inventory.updateFirst(query(where("_id").is(sku)), forget, StockDocument.COLLECTION);
        }
    }

    /** Creates an empty stock document for a new SKU; leaves an existing one alone. */
    public void createIfAbsent(String sku, int initialUnits) {
        StockDocument empty = StockDocument.empty(sku, initialUnits);
        inventory.upsert(query(where("_id").is(sku)), new Update()
                .setOnInsert(StockDocument.STOCKED, empty.stocked()).setOnInsert(StockDocument.AVAILABLE, empty.available())
                .setOnInsert(StockDocument.HELD, 0L).setOnInsert(StockDocument.SOLD, 0L)
                .setOnInsert(StockDocument.HOLDS, Map.of()), StockDocument.class);
    }

    private static Criteria expected(StockChange change, StockDocument stored) {
        Criteria criteria = where("_id").is(change.sku());
        int needed = change.units(change.taken()) - change.units(change.released());
        if (change.forced() && stored != null) {
            criteria = criteria.and(StockDocument.AVAILABLE).is(stored.available());
        } else if (needed > 0) {
            criteria = criteria.and(StockDocument.AVAILABLE).gte(needed);
        }
        for (UUID order : change.taken().keySet()) {
            criteria = criteria.and(StockDocument.holdOf(order)).exists(false);
        }
        for (UUID order : change.released().keySet()) {
            criteria = criteria.and(StockDocument.holdOf(order)).exists(true);
        }
        for (UUID order : change.sold().keySet()) {
            criteria = criteria.and(StockDocument.holdOf(order)).exists(true);
        }
        return criteria;
    }

    private static Update update(StockChange change) {
        int taken = change.units(change.taken());
        int released = change.units(change.released());
        int sold = change.units(change.sold());
        Update update = new Update();
        inc(update, StockDocument.AVAILABLE, released - taken);
        inc(update, StockDocument.HELD, taken - released - sold);
        inc(update, StockDocument.SOLD, sold);
        change.taken().forEach((order, quantity) -> update.set(StockDocument.holdOf(order), quantity));
        change.released().keySet().forEach(order -> update.unset(StockDocument.holdOf(order)));
        change.sold().keySet().forEach(order -> update.unset(StockDocument.holdOf(order)));
        return update;
    }

    private static void inc(Update update, String field, int delta) {
        if (delta != 0) {
            update.inc(field, delta);
        }
    }
}
