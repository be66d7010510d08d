package dev.orderpipeline.inventory;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import dev.orderpipeline.inventory.catalog.CatalogStore;
import dev.orderpipeline.inventory.reservation.HoldPlan;
import dev.orderpipeline.inventory.reservation.ReservationDocument;
import dev.orderpipeline.inventory.reservation.ReservationDocument.State;
import dev.orderpipeline.inventory.reservation.ReservationStore;
import dev.orderpipeline.inventory.reservation.StockChange;
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
 * The batch reads its reservations and its SKUs' stock in one query each, plans the holds in memory
 * ({@link HoldPlan}), and writes one atomic conditional update per SKU, then the decisions. An order
 * placed before it was finished is placed earlier in its partition, so reserving first and then
 * finishing keeps every order's events in order.
 *
 * <p>{@link #onCatalogEvents} ({@code catalog.v1}): {@link ProductUpserted} and {@link StockAdjusted}
 * maintain the catalog and the stock.
 *
 * <p>Every step is safe to repeat: a hold is recorded per order inside the SKU's document by the same
 * update that moves its units, and the per-order reservation keeps the first decision.
 */
@Component
public class InventoryFlow {

    /** Plans retried in place when another instance changed a SKU between this batch's read and write. */
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
        Map<UUID, ReservationDocument> known = new HashMap<>(reservations.find(
                batch.records().stream().map(record -> orderIdOf(record.payload())).filter(Objects::nonNull)
                        .distinct().toList()));
        Instant now = Instant.now();
        known.putAll(reserve(newOrders(batch, known), now));
        Map<UUID, ReservationDocument> finished = new LinkedHashMap<>();
        for (EventRecord record : batch.records()) {
            switch (record.payload()) {
                case OrderPlaced placed -> answer(batch, record, known.get(placed.orderId()));
                case OrderConfirmed confirmed -> finish(known, confirmed.orderId(), State.SOLD, now, finished);
                case OrderRejected rejected -> finish(known, rejected.orderId(), State.RELEASED, now, finished);
                case OrderCancelled cancelled -> finish(known, cancelled.orderId(), State.RELEASED, now, finished);
                default -> batch.deadLetter(record, "inventory-worker does not handle " + record.event().type()
                        + " from " + record.topic());
            }
        }
        moveHeldUnits(finished.values());
        reservations.finish(finished.values());
    }

    /** The orders placed in this batch that have no decision yet, each once, in order. */
    private static List<OrderPlaced> newOrders(EventBatch batch, Map<UUID, ReservationDocument> known) {
        Map<UUID, OrderPlaced> orders = new LinkedHashMap<>();
        batch.payloads(OrderPlaced.class).filter(order -> !known.containsKey(order.orderId()))
                .forEach(order -> orders.putIfAbsent(order.orderId(), order));
        return List.copyOf(orders.values());
    }

    /** Holds every line of each order or none, and records the decisions. */
    private Map<UUID, ReservationDocument> reserve(List<OrderPlaced> orders, Instant now) {
        if (orders.isEmpty()) {
            return Map.of();
        }
        List<String> skus = orders.stream().flatMap(order -> order.lines().stream()).map(OrderLine::sku)
                .distinct().toList();
        for (int attempt = 1; attempt <= PLAN_ATTEMPTS; attempt++) {
            HoldPlan plan = HoldPlan.of(orders, stock.load(skus), now);
            if (stock.apply(plan.changes())) {
                reservations.record(plan.decisions());
                Map<UUID, ReservationDocument> decided = new HashMap<>();
                plan.decisions().forEach(decision -> decided.put(decision.orderId(), decision));
                return decided;
            }
        }
        throw new OptimisticLockingFailureException("the stock of " + skus + " kept changing under "
                + PLAN_ATTEMPTS + " plans");
    }

    /** Publishes the decision on an order placed, again on a replay; none once the order has moved on. */
    private static void answer(EventBatch batch, EventRecord record, ReservationDocument reservation) {
        PipelineEvent decision = reservation == null ? null : reservation.decision();
        if (decision != null) {
            batch.publish(record, decision);
        }
    }

    private static void finish(Map<UUID, ReservationDocument> known, UUID orderId, State state, Instant now,
                               Map<UUID, ReservationDocument> finished) {
        ReservationDocument reservation = known.get(orderId);
        if (reservation == null || reservation.state() != State.HELD) {
            return;
        }
        ReservationDocument done = reservation.finished(state, now);
        known.put(orderId, done);
        finished.put(orderId, done);
    }

    /** The held units of finished orders become sold or available again, one update per SKU. */
    private void moveHeldUnits(Iterable<ReservationDocument> finished) {
        Map<String, StockChange> changes = new LinkedHashMap<>();
        for (ReservationDocument reservation : finished) {
            for (ReservationDocument.Line line : reservation.lines()) {
                StockChange change = changes.computeIfAbsent(line.sku(), StockChange::new);
                if (reservation.state() == State.SOLD) {
                    change.sell(reservation.orderId(), line.quantity());
                } else {
                    change.release(reservation.orderId(), line.quantity());
                }
            }
        }
        if (!stock.apply(changes.values())) {
            stock.applyOneByOne(changes.values()); // a replay: some of these holds were moved already
        }
    }

    public void onCatalogEvents(EventBatch batch) {
        for (EventRecord record : batch.records()) {
            switch (record.payload()) {
                case ProductUpserted product -> catalog.upsert(product);
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
