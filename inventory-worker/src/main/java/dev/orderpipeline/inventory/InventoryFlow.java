package dev.orderpipeline.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.events.StockAdjusted;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.inventory.catalog.CatalogStore;
import dev.orderpipeline.inventory.reservation.AssignmentEpochs;
import dev.orderpipeline.inventory.reservation.ReservationDocument;
import dev.orderpipeline.inventory.reservation.ReservationStore;
import dev.orderpipeline.inventory.reservation.StockFence;
import dev.orderpipeline.inventory.reservation.StockPlan;
import dev.orderpipeline.inventory.reservation.StockStore;
import dev.orderpipeline.runtime.EventBatch;
import dev.orderpipeline.runtime.EventRecord;
import dev.orderpipeline.runtime.restore.RestoreReplay;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * The inventory worker's business flow, a batch (one poll) at a time.
 *
 * <p>{@link #onOrderEvents} ({@code orders.v1}):
 * <ul>
 *   <li>{@link OrderPlaced}: hold every line or none, answer {@link StockReserved} or {@link StockRejected};</li>
 *   <li>{@link OrderConfirmed}: the held units become sold;</li>
 *   <li>{@link OrderRejected}, {@link OrderCancelled}: the held units become available again.</li>
 * </ul>
 * The batch reads its reservations in one query and its SKUs' stock in one, applies the rules in
 * memory in the order the events were placed ({@link StockPlan}), and writes one atomic conditional
 * update per SKU, then the reservations: the outcome is the one the events would have one at a
 * time. An order placed and finished in the same batch (a worker far behind) splits the batch
 * there, so its hold is stored before it is sold or released.
 *
 * <p>{@link #onCatalogEvents} ({@code catalog.v1}): {@link ProductUpserted} and {@link StockAdjusted}
 * maintain the catalog and the stock; a new product gets an empty stock document.
 *
 * <p>Every step is safe to repeat: a hold is recorded per order inside the SKU's document by the same
 * update that moves its units, and the per-order reservation keeps the first decision. If another
 * instance changes a SKU between this batch's read and write, the plan is made again from what is
 * stored then. Every stock update is fenced by this instance's assignment epoch of the orders'
 * partitions ({@link AssignmentEpochs}, {@link StockFence}): once a partition has moved to another
 * instance that touched the SKU, a late batch of this one stops instead of writing. After a
 * restore of the database, the answers published before are followed, not made again
 * ({@link RestoreReplay}, {@link StockPlan}).
 */
@Component
public class InventoryFlow {

    /** Plans made again in place when another instance changed a SKU between this batch's read and write. */
    private static final int PLAN_ATTEMPTS = 5;

    private final StockStore stock;
    private final ReservationStore reservations;
    private final CatalogStore catalog;
    private final AssignmentEpochs epochs;
    private final RestoreReplay restore;

    public InventoryFlow(StockStore stock, ReservationStore reservations, CatalogStore catalog,
                         AssignmentEpochs epochs, RestoreReplay restore) {
        this.stock = stock;
        this.reservations = reservations;
        this.catalog = catalog;
        this.epochs = epochs;
        this.restore = restore;
    }

    public void onOrderEvents(EventBatch batch) {
        List<EventRecord> orderEvents = new ArrayList<>();
        for (EventRecord record : batch.records()) {
            if (!epochs.owns(record.partition())) {
                continue; // polled before its partition moved on: the new owner's to handle
            }
            if (orderIdOf(record.payload()) != null) {
                orderEvents.add(record);
            } else {
                batch.deadLetter(record, "inventory-worker does not handle " + record.event().type() + " from "
                        + record.topic());
            }
        }
        Map<UUID, ReservationDocument> known = new HashMap<>(reservations.find(
                orderEvents.stream().map(record -> orderIdOf(record.payload())).distinct().toList()));
        Instant now = Instant.now();
        for (List<EventRecord> run : runs(orderEvents, known)) {
            known.putAll(apply(batch, run, known, now));
        }
    }

    /**
     * The events cut into runs, none of which both holds an order and finishes it: a run ends before
     * the finish of an order placed in it without a decision yet.
     */
    private static List<List<EventRecord>> runs(List<EventRecord> events, Map<UUID, ReservationDocument> known) {
        List<List<EventRecord>> runs = new ArrayList<>();
        List<EventRecord> run = new ArrayList<>();
        Set<UUID> placedInRun = new HashSet<>();
        for (EventRecord record : events) {
            UUID orderId = orderIdOf(record.payload());
            if (record.payload() instanceof OrderPlaced) {
                if (!known.containsKey(orderId)) {
                    placedInRun.add(orderId);
                }
            } else if (placedInRun.contains(orderId)) {
                runs.add(run);
                run = new ArrayList<>();
                placedInRun.clear();
            }
            run.add(record);
        }
        runs.add(run);
        return runs;
    }

    /** Plans the run, writes the stock and then the reservations, publishes the answers; the reservations after. */
    private Map<UUID, ReservationDocument> apply(EventBatch batch, List<EventRecord> run,
                                                 Map<UUID, ReservationDocument> known, Instant now) {
        List<PipelineEvent> events = run.stream().map(EventRecord::payload).toList();
        StockFence fence = fenceOf(run, known);
        List<String> skus = List.copyOf(fence.skus());
        for (int attempt = 1; attempt <= PLAN_ATTEMPTS; attempt++) {
            Map<String, StockDocument> stored = stock.load(skus);
            fence.check(stored);
            StockPlan plan = StockPlan.of(events, stored, known, now, restore::pinned);
            if (stock.apply(plan.changes(), fence, stored)) {
                reservations.record(plan.decisions());
                reservations.finish(plan.finished());
                plan.answers().stream().filter(answer -> answer.decision() != null)
                        .forEach(answer -> batch.publish(run.get(answer.index()), answer.decision()));
                return plan.reservations();
            }
        }
        throw new OptimisticLockingFailureException("the stock of " + skus + " kept changing under "
                + PLAN_ATTEMPTS + " plans");
    }

    /**
     * The SKUs of the orders placed and of the reservations finished, each with this instance's
     * epoch of the partitions of the orders that name it.
     */
    private StockFence fenceOf(List<EventRecord> run, Map<UUID, ReservationDocument> known) {
        Map<String, Map<Integer, Long>> fence = new LinkedHashMap<>();
        for (EventRecord record : run) {
            List<String> skus = switch (record.payload()) {
                case OrderPlaced placed -> placed.lines().stream().map(OrderLine::sku).toList();
                case PipelineEvent finish -> {
                    ReservationDocument reservation = known.get(orderIdOf(finish));
                    yield reservation == null ? List.of()
                            : reservation.lines().stream().map(ReservationDocument.Line::sku).toList();
                }
            };
            long epoch = skus.isEmpty() ? 0 : epochs.of(record.partition());
            skus.forEach(sku -> fence.computeIfAbsent(sku, s -> new HashMap<>()).put(record.partition(), epoch));
        }
        return new StockFence(fence);
    }

    public void onCatalogEvents(EventBatch batch) {
        for (EventRecord record : batch.records()) {
            switch (record.payload()) {
                case ProductUpserted product -> {
                    catalog.upsert(product);
                    stock.createIfAbsent(product.sku(), 0);
                }
                case StockAdjusted adjustment -> {
                    if (!stock.adjust(adjustment.sku(), adjustment.delta(), record.event().eventId())) {
                        batch.deadLetter(record, "cannot adjust " + adjustment.sku() + " by " + adjustment.delta()
                                + ": unknown sku, or fewer units available than the adjustment removes");
                    }
                }
                default -> batch.deadLetter(record, "inventory-worker does not handle " + record.event().type()
                        + " from " + record.topic());
            }
        }
    }

    private static UUID orderIdOf(PipelineEvent event) {
        return switch (event) {
            case OrderPlaced placed -> placed.orderId();
            case OrderConfirmed confirmed -> confirmed.orderId();
            case OrderRejected rejected -> rejected.orderId();
            case OrderCancelled cancelled -> cancelled.orderId();
            default -> null;
        };
    }
}
