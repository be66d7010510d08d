package dev.orderpipeline.loadgen;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a run measured, warm-up excluded. The order counts (checkouts to timeouts) and the overall
 * percentiles cover the checkouts sent after the warm-up, each followed to its final status even
 * after the stop; the throughput and the per-second series go by when things were observed.
 *
 * @param measuredSeconds    from the end of the warm-up to the stop (the deadline, or the start of the
 *                           last counted checkout or step)
 * @param checkouts          checkout POSTs sent
 * @param accepted           checkouts answered 202 with an order id
 * @param notStarted         units of work (checkouts; steps in mix mode) the open loop could not start
 *                           because {@code shoppers} were already in flight: the rate was not sustained
 * @param timeouts           orders not final within the final timeout (also in {@code errors})
 * @param confirmedPerSecond confirmations observed in the measured period, per second
 * @param errors             count by kind, e.g. {@code checkout 503}, {@code add-item connection error}, {@code order timeout}
 * @param rejectReasons      rejected orders by reason code, e.g. {@code OUT_OF_STOCK}
 * @param steps              in mix mode, steps by kind (browse, add-to-cart, checkout)
 * @param series             one entry per second from the end of the warm-up until the last order was final
 * @param outDir             where result.json and chart.html were written
 */
public record LoadResult(LoadGenerator.Settings settings, Instant startedAt, double measuredSeconds,
                         long checkouts, long accepted, long confirmed, long rejected, long cancelled,
                         long timeouts, long notStarted, double confirmedPerSecond,
                         Latency checkoutToFinal, Latency checkoutPost,
                         Map<String, Long> errors, Map<String, Long> rejectReasons, Map<String, Long> steps,
                         List<Second> series, Path outDir) {

    public LoadResult {
        errors = Map.copyOf(errors);
        rejectReasons = Map.copyOf(rejectReasons);
        steps = Map.copyOf(steps);
        series = List.copyOf(series);
    }

    /** Latency figures in milliseconds; NaN where there was no sample. */
    public record Latency(long count, double p50, double p95, double p99, double max) {

        static final Latency NONE = new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * One second: {@code t} counts from the end of the warm-up; checkouts sent, orders that became
     * final, errors, mix steps, and the p50/p99 (ms) of the checkout-to-final latencies observed in it.
     */
    public record Second(long t, long started, long confirmed, long rejected, long errors, long steps,
                         double p50, double p99) {
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Orders whose final status was observed. */
    public long finals() {
        return confirmed + rejected + cancelled;
    }

    public Path resultJson() {
        return outDir.resolve("result.json");
    }

    public Path chartHtml() {
        return outDir.resolve("chart.html");
    }
}
