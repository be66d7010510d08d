package dev.orderpipeline.inventory.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.CatalogRules;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.Reason;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.inventory.reservation.ReservationDocument.State;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * The reservation rules over a run of order events, in the order they were placed, against the
 * stock and reservations as read: what each order's events do to each SKU, the decisions and where
 * reservations end up, and the answers to publish. Everything happens as it would one event at a
 * time: an order is held whole or not at all (a line that is unknown or short rejects it, and the
 * lines it held earlier, in a replay after a partial write, are given back), units an earlier order
 * takes are not there for a later one, and units a release gives back are.
 *
 * <p>After a restore, a decision the inventory published before is <em>pinned</em>: an order
 * placed whose answer is pinned gets that answer again, held (whether or not the units cover it
 * now) or rejected for the pinned reason, because the rest of the pipeline has acted on it.
 *
 * <p>A run must not hold and finish the same order (the flow writes the hold first): the changes of
 * one SKU are one atomic update, so the finish would have to undo a hold that was never stored.
 */
public final class StockPlan {

    /** The decision on an order placed, for the event that placed it; null when there is none to publish. */
    public record Answer(int index, PipelineEvent decision) {
    }

    private final Map<String, Long> available = new HashMap<>();
    private final Map<String, Set<UUID>> holds = new HashMap<>();
    private final Map<UUID, ReservationDocument> reservations;
    private final Map<String, StockChange> changes = new LinkedHashMap<>();
    private final Map<UUID, ReservationDocument> decided = new LinkedHashMap<>();
    private final Map<UUID, ReservationDocument> finished = new LinkedHashMap<>();
    private final List<Answer> answers = new ArrayList<>();
    private final Instant now;
    private final Function<UUID, PipelineEvent> pinned;

    private StockPlan(Map<String, StockDocument> stock, Map<UUID, ReservationDocument> reservations, Instant now,
                      Function<UUID, PipelineEvent> pinned) {
        stock.forEach((sku, doc) -> {
            available.put(sku, doc.available());
            Set<UUID> held = new HashSet<>();
            doc.holds().keySet().forEach(order -> held.add(UUID.fromString(order)));
            holds.put(sku, held);
        });
        this.reservations = new HashMap<>(reservations);
        this.now = now;
        this.pinned = pinned;
    }

    /**
     * @param events       order events (OrderPlaced, OrderConfirmed, OrderRejected, OrderCancelled), in order;
     *                     other events are ignored
     * @param stock        the stock of every SKU the events name, as read
     * @param reservations the reservations of every order the events name, as read
     */
    public static StockPlan of(List<PipelineEvent> events, Map<String, StockDocument> stock,
                               Map<UUID, ReservationDocument> reservations, Instant now) {
        return of(events, stock, reservations, now, orderId -> null);
    }

    /**
     * @param pinned the answer published for an order before a restore (StockReserved, StockRejected), or null
     */
    public static StockPlan of(List<PipelineEvent> events, Map<String, StockDocument> stock,
                               Map<UUID, ReservationDocument> reservations, Instant now,
                               Function<UUID, PipelineEvent> pinned) {
        StockPlan plan = new StockPlan(stock, reservations, now, pinned);
        for (int i = 0; i < events.size(); i++) {
            switch (events.get(i)) {
                case OrderPlaced placed -> plan.place(i, placed);
                case OrderConfirmed confirmed -> plan.finish(confirmed.orderId(), State.SOLD);
                case OrderRejected rejected -> plan.finish(rejected.orderId(), State.RELEASED);
                case OrderCancelled cancelled -> plan.finish(cancelled.orderId(), State.RELEASED);
                default -> {
                }
            }
        }
        return plan;
    }

    private void place(int index, OrderPlaced order) {
        ReservationDocument known = reservations.get(order.orderId());
        if (known == null) {
            known = decide(order);
            reservations.put(order.orderId(), known);
            decided.put(order.orderId(), known);
        }
        answers.add(new Answer(index, known.decision()));
    }

    private ReservationDocument decide(OrderPlaced order) {
        return switch (pinned.apply(order.orderId())) {
            case StockReserved reserved -> holdPinned(order);
            case StockRejected rejected -> reject(order, rejected.reason());
            case null, default -> decideNow(order);
        };
    }

    private ReservationDocument holdPinned(OrderPlaced order) {
        for (OrderLine line : order.lines()) {
            if (!available.containsKey(line.sku())) {
                throw new TransientDataAccessResourceException("order " + order.orderId() + " was held before the"
                        + " restore, but the stock of " + line.sku() + " is not there yet (its catalog events replay)");
            }
        }
        for (OrderLine line : order.lines()) {
            if (!holds.get(line.sku()).contains(order.orderId())) {
                available.merge(line.sku(), (long) -line.quantity(), Long::sum);
                holds.get(line.sku()).add(order.orderId());
                change(line.sku()).force(order.orderId(), line.quantity());
            }
        }
        return ReservationDocument.held(order.orderId(), order.lines(), now);
    }

    private ReservationDocument reject(OrderPlaced order, Reason reason) {
        for (OrderLine line : order.lines()) {
            if (holds.getOrDefault(line.sku(), Set.of()).contains(order.orderId())) {
                giveBack(order.orderId(), line.sku(), line.quantity(), State.RELEASED);
            }
        }
        return ReservationDocument.rejected(order.orderId(), order.lines(), reason, now);
    }

    private ReservationDocument decideNow(OrderPlaced order) {
        Optional<Reason> unknown = CatalogRules.unknownProducts(order.lines().stream().map(OrderLine::sku).toList(),
                available::containsKey);
        List<String> shortOf = new ArrayList<>();
        List<OrderLine> toTake = new ArrayList<>();
        List<OrderLine> heldBefore = new ArrayList<>();
        for (OrderLine line : order.lines()) {
            if (!available.containsKey(line.sku())) {
                continue; // unknown, above
            }
            if (holds.get(line.sku()).contains(order.orderId())) {
                heldBefore.add(line);
            } else if (available.get(line.sku()) < line.quantity()) {
                shortOf.add(line.sku());
            } else {
                toTake.add(line);
            }
        }
        if (unknown.isEmpty() && shortOf.isEmpty()) {
            toTake.forEach(line -> take(order.orderId(), line.sku(), line.quantity()));
            return ReservationDocument.held(order.orderId(), order.lines(), now);
        }
        heldBefore.forEach(line -> giveBack(order.orderId(), line.sku(), line.quantity(), State.RELEASED));
        Reason reason = unknown.orElseGet(() -> Reason.of(Reason.Code.OUT_OF_STOCK, shortOf));
        return ReservationDocument.rejected(order.orderId(), order.lines(), reason, now);
    }

    private void finish(UUID orderId, State state) {
        ReservationDocument reservation = reservations.get(orderId);
        if (reservation == null || reservation.state() != State.HELD) {
            return;
        }
        if (decided.containsKey(orderId)) {
            throw new IllegalStateException("order " + orderId + " is held and finished in one plan");
        }
        for (ReservationDocument.Line line : reservation.lines()) {
            if (holds.getOrDefault(line.sku(), Set.of()).contains(orderId)) { // gone: moved by a partial earlier attempt
                giveBack(orderId, line.sku(), line.quantity(), state);
            }
        }
        ReservationDocument done = reservation.finished(state, now);
        reservations.put(orderId, done);
        finished.put(orderId, done);
    }

    private void take(UUID orderId, String sku, int quantity) {
        available.merge(sku, (long) -quantity, Long::sum);
        holds.get(sku).add(orderId);
        change(sku).take(orderId, quantity);
    }

    /** A hold leaves the SKU: sold, or released and available again. */
    private void giveBack(UUID orderId, String sku, int quantity, State state) {
        holds.get(sku).remove(orderId);
        if (state == State.SOLD) {
            change(sku).sell(orderId, quantity);
        } else {
            available.merge(sku, (long) quantity, Long::sum);
            change(sku).release(orderId, quantity);
        }
    }

    private StockChange change(String sku) {
        return changes.computeIfAbsent(sku, StockChange::new);
    }

    /** One change per SKU touched. */
    public Collection<StockChange> changes() {
        return changes.values();
    }

    /** First decisions, one per order placed without one, in order. */
    public List<ReservationDocument> decisions() {
        return List.copyOf(decided.values());
    }

    /** Reservations that went from HELD to SOLD or RELEASED. */
    public Collection<ReservationDocument> finished() {
        return finished.values();
    }

    /** The answer to each OrderPlaced, by its index among the events. */
    public List<Answer> answers() {
        return answers;
    }

    /** Every reservation as the plan leaves it. */
    public Map<UUID, ReservationDocument> reservations() {
        return reservations;
    }
}
