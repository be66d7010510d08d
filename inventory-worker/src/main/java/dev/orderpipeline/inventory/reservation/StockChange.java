package dev.orderpipeline.inventory.reservation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What one batch does to one SKU's stock, written as one atomic conditional update: the holds it
 * takes (each only if absent, all only if enough units are available), the holds it releases and
 * the holds it sells (each only if present).
 */
public final class StockChange {

    private final String sku;
    private final Map<UUID, Integer> take = new LinkedHashMap<>();
    private final Map<UUID, Integer> release = new LinkedHashMap<>();
    private final Map<UUID, Integer> sell = new LinkedHashMap<>();

    public StockChange(String sku) {
        this.sku = sku;
    }

    public String sku() {
        return sku;
    }

    public StockChange take(UUID orderId, int quantity) {
        take.put(orderId, quantity);
        return this;
    }

    public StockChange release(UUID orderId, int quantity) {
        release.put(orderId, quantity);
        return this;
    }

    public StockChange sell(UUID orderId, int quantity) {
        sell.put(orderId, quantity);
        return this;
    }

    Map<UUID, Integer> taken() {
        return take;
    }

    Map<UUID, Integer> released() {
        return release;
    }

    Map<UUID, Integer> sold() {
        return sell;
    }

    int units(Map<UUID, Integer> holds) {
        return holds.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** This change split into one change per order, for the slow path after a partial write. */
    Iterable<StockChange> perOrder() {
        java.util.List<StockChange> single = new java.util.ArrayList<>();
        take.forEach((order, quantity) -> single.add(new StockChange(sku).take(order, quantity)));
        release.forEach((order, quantity) -> single.add(new StockChange(sku).release(order, quantity)));
        sell.forEach((order, quantity) -> single.add(new StockChange(sku).sell(order, quantity)));
        return single;
    }
}
