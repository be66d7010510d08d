package dev.orderpipeline.loadgen;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether a shopper may start another unit of work, and when the run stops: at the
 * deadline (see {@link #stop()}), or once the measured checkouts or mix steps reach their limit.
 * Warm-up work is not counted against the limits.
 */
final class Budget {

    /** Permission to do one unit of work; {@code measured} says whether it counts in the figures. */
    record Ticket(boolean measured) {
    }

    private final long measureStart;
    private final long checkoutLimit;
    private final long stepLimit;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private long checkouts;
    private long steps;

    /** A limit of 0 means none. */
    Budget(long measureStart, long checkoutLimit, long stepLimit) {
        this.measureStart = measureStart;
        this.checkoutLimit = checkoutLimit;
        this.stepLimit = stepLimit;
    }

    /** A ticket for one unit of work (a checkout or not) started at {@code now}, or null: stop. */
    synchronized Ticket tryStart(boolean checkout, long now) {
        if (isStopped()) {
            return null;
        }
        boolean measured = now - measureStart >= 0;
        if (measured) {
            if (checkout) {
                checkouts++;
            }
            steps++;
            if (reached(checkoutLimit, checkouts) || reached(stepLimit, steps)) {
                stop();
            }
        }
        return new Ticket(measured);
    }

    void stop() {
        stopped.countDown();
    }

    boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Waits until stopped, at most {@code nanos}; true if stopped. */
    boolean awaitStop(long nanos) throws InterruptedException {
        return stopped.await(nanos, TimeUnit.NANOSECONDS);
    }

    private static boolean reached(long limit, long count) {
        return limit > 0 && count >= limit;
    }
}
