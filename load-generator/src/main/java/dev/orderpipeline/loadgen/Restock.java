package dev.orderpipeline.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.orderpipeline.storefrontclient.Failure;
import dev.orderpipeline.storefrontclient.StorefrontClient;
import dev.orderpipeline.storefrontclient.StorefrontClient.Product;

/** Tops the stock of the SKUs in play up so a run does not sell out (admin API). */
final class Restock {

    /** Checkouts per second assumed for a closed loop, which has no rate to go by; far above what one machine does. */
    static final double CLOSED_LOOP_GUESS = 500;
    /** An order takes at most 6 units: 3 lines of 2 in checkout mode, 3 adds of 2 in mix mode. */
    static final int MAX_UNITS_PER_ORDER = 6;
    /** The admin API's largest adjustment. */
    static final long MAX_UNITS = 1_000_000;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    private Restock() {
    }

    /** How many checkouts the run can start at most, warm-up included, by its limits and rate. */
    static long expectedCheckouts(LoadGenerator.Settings settings) {
        double rate = settings.openLoop() ? settings.rate() : CLOSED_LOOP_GUESS;
        long measured = Long.MAX_VALUE;
        if (settings.duration() != null) {
            measured = (long) Math.ceil(rate * seconds(settings.duration()));
        }
        if (settings.orders() > 0) {
            measured = Math.min(measured, settings.orders());
        }
        if (settings.requests() > 0) {
            measured = Math.min(measured, settings.requests() / MixCycle.LENGTH + 1);
        }
        return (long) Math.ceil(rate * seconds(settings.warmup())) + measured;
    }

    /**
     * Units each SKU should have: twice what the expected checkouts take from one SKU on average
     * (every order at its largest, spread over the SKUs), plus a margin for the randomness.
     */
    static long unitsPerSku(LoadGenerator.Settings settings, int skuCount) {
        double perSku = (double) expectedCheckouts(settings) * MAX_UNITS_PER_ORDER / Math.max(1, skuCount);
        return Math.min(MAX_UNITS, (long) Math.ceil(perSku) + 50);
    }

    /** Adds stock where a SKU has fewer than {@code units}, then waits until the catalog shows it. */
    static void topUp(StorefrontClient api, List<Product> products, long units, PrintStream out) {
        int adjusted = 0;
        for (Product product : products) {
            if (product.available() < units) {
                try {
                    api.adjustStock(product.sku(), units - product.available(), "load test");
                } catch (Failure failure) {
                    throw new IllegalStateException("could not restock " + product.sku() + ": " + failure.kind()
                            + (failure.kind().endsWith("401") ? " (wrong admin token?)" : ""));
                }
                adjusted++;
            }
        }
        out.printf("[load] restock: %d of %d SKUs topped up to %d units; waiting for the catalog to show it%n",
                adjusted, products.size(), units);
        awaitStock(api, products, units, out);
    }

    private static void awaitStock(StorefrontClient api, List<Product> wanted, long units, PrintStream out) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        List<String> skus = wanted.stream().map(Product::sku).toList();
        while (System.nanoTime() - deadline < 0) {
            if (api.products().stream().filter(p -> skus.contains(p.sku())).allMatch(p -> p.available() >= units)) {
                return;
            }
            sleep(TimeUnit.MILLISECONDS.toNanos(250));
        }
        out.println("[load] restock: the catalog does not show the new stock after " + SETTLE_TIMEOUT.toSeconds()
                + " s; starting anyway");
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the restock");
        }
    }
}
