package dev.orderpipeline.systemtests;

import java.util.concurrent.atomic.AtomicInteger;

/** SKUs no other test uses, so tests share one pipeline without resetting it. */
final class Skus {

    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36).toUpperCase();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Skus() {
    }

    static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + NEXT.incrementAndGet();
    }
}
