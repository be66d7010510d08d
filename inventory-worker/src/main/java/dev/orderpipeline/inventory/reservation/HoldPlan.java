package dev.orderpipeline.inventory.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;

/**
 * Decides, for orders in the order they were placed and against the stock as read, which orders get
 * every line held and which are rejected, and what that does to each SKU. An order is held whole or
 * not at all: a line that is unknown or short rejects it, and lines it held earlier (a replay after
 * a partial write) are released. Units an earlier order of the batch takes are not there for a later one.
 */
public final class HoldPlan {

    private final Map<String, StockChange> changes = new LinkedHashMap<>();
    private final List<ReservationDocument> decisions = new ArrayList<>();

    private HoldPlan() {
    }

    public static HoldPlan of(Collection<OrderPlaced> orders, Map<String, StockDocument> stock, Instant now) {
        HoldPlan plan = new HoldPlan();
        Map<String, Long> available = new HashMap<>();
        stock.forEach((sku, doc) -> available.put(sku, doc.available()));
        for (OrderPlaced order : orders) {
            plan.decide(order, stock, available, now);
        }
        return plan;
    }

    private void decide(OrderPlaced order, Map<String, StockDocument> stock, Map<String, Long> available, Instant now) {
        List<String> unknown = new ArrayList<>();
        List<String> shortOf = new ArrayList<>();
        List<OrderLine> toTake = new ArrayList<>();
        List<OrderLine> heldBefore = new ArrayList<>();
        for (OrderLine line : order.lines()) {
            StockDocument doc = stock.get(line.sku());
            if (doc == null) {
                unknown.add(line.sku());
            } else if (doc.holds(order.orderId())) {
                heldBefore.add(line);
            } else if (available.get(line.sku()) < line.quantity()) {
                shortOf.add(line.sku());
            } else {
                toTake.add(line);
            }
        }
        if (unknown.isEmpty() && shortOf.isEmpty()) {
            toTake.forEach(line -> {
                available.merge(line.sku(), (long) -line.quantity(), Long::sum);
                change(line.sku()).take(order.orderId(), line.quantity());
            });
            decisions.add(ReservationDocument.held(order.orderId(), order.lines(), now));
            return;
        }
        heldBefore.forEach(line -> change(line.sku()).release(order.orderId(), line.quantity()));
        String reason = unknown.isEmpty()
                ? "OUT_OF_STOCK: " + String.join(", ", shortOf)
                : "UNKNOWN_PRODUCT: " + String.join(", ", unknown);
        decisions.add(ReservationDocument.rejected(order.orderId(), order.lines(), reason, now));
    }

    private StockChange change(String sku) {
        return changes.computeIfAbsent(sku, StockChange::new);
    }

    /** One change per SKU touched. */
    public Collection<StockChange> changes() {
        return changes.values();
    }

    /** One decision per order, in order. */
    public List<ReservationDocument> decisions() {
        return decisions;
    }
}
