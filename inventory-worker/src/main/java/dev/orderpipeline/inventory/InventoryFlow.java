package dev.orderpipeline.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.events.StockAdjusted;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.inventory.catalog.CatalogStore;
import dev.orderpipeline.inventory.reservation.ReservationDocument;
import dev.orderpipeline.inventory.reservation.ReservationStore;
import dev.orderpipeline.inventory.reservation.StockPlan;
import dev.orderpipeline.inventory.reservation.StockStore;
import dev.orderpipeline.runtime.EventBatch;
import dev.orderpipeline.runtime.EventRecord;
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
 * stored then.
 */
@Component
public class InventoryFlow {

    /** Plans made again in place when another instance changed a SKU between this batch's read and write. */
    private static final int PLAN_ATTEMPTS = 5;

    private final StockStore stock;
    private final ReservationStore reservations;
    private final CatalogStore catalog;

    public InventoryFlow(StockStore stock, ReservationStore reservations, CatalogStore catalog) {
        this.stock = stock;
        this.reservations = reservations;
        this.catalog = catalog;
    }

    public void onOrderEvents(EventBatch batch) {
        List<EventRecord> orderEvents = new ArrayList<>();
        for (EventRecord record : batch.records()) {
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
        List<String> skus = skusOf(events, known);
        for (int attempt = 1; attempt <= PLAN_ATTEMPTS; attempt++) {
            StockPlan plan = StockPlan.of(events, stock.load(skus), known, now);
            if (stock.apply(plan.changes())) {
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

    /** The SKUs of the orders placed and of the reservations finished. */
    private static List<String> skusOf(List<PipelineEvent> events, Map<UUID, ReservationDocument> known) {
        Set<String> skus = new LinkedHashSet<>();
        for (PipelineEvent event : events) {
            if (event instanceof OrderPlaced placed) {
                placed.lines().forEach(line -> skus.add(line.sku()));
            } else {
                ReservationDocument reservation = known.get(orderIdOf(event));
                if (reservation != null) {
                    reservation.lines().forEach(line -> skus.add(line.sku()));
                }
            }
        }
        return List.copyOf(skus);
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
