package dev.orderpipeline.inventory.reservation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a run of order events does to one SKU's stock, written as one atomic conditional update: the
 * holds it takes (each only if absent, and all only if the units available, with those the releases
 * give back, cover them), the holds it releases and the holds it sells (each only if present).
 * A hold taken because a decision was pinned after a restore ({@link #force}) is taken whether or
 * not the units cover it: the pipeline decided so before; the update is then conditional on the
 * units available being those the plan read instead.
 */
public final class StockChange {

    private final String sku;
    private final Map<UUID, Integer> take = new LinkedHashMap<>();
    private final Map<UUID, Integer> release = new LinkedHashMap<>();
    private final Map<UUID, Integer> sell = new LinkedHashMap<>();
    private boolean forced;

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

    /** Takes a hold the units may not cover. */
    public StockChange force(UUID orderId, int quantity) {
        forced = true;
        return take(orderId, quantity);
    }

    boolean forced() {
        return forced;
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
}
