package dev.orderpipeline.loadgen;

import java.util.Arrays;

/** Nearest-rank percentiles of a small sample, for the per-second figures. */
final class Percentiles {

    private Percentiles() {
    }

    /** The value at {@code percentile} (0..100) of {@code values}, or NaN when there are none. */
    static double of(long[] values, double percentile) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}
