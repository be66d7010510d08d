package dev.orderpipeline.loadgen;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.orderpipeline.events.Reason;
import dev.orderpipeline.loadgen.LoadResult.Latency;
import dev.orderpipeline.loadgen.LoadResult.Second;
import org.HdrHistogram.Histogram;

/**
 * Everything the shoppers report, thread-safe. The totals and overall percentiles count the orders
 * whose checkout was measured (sent after the warm-up), to their final status even after the stop;
 * the throughput counts the confirmations observed between the end of the warm-up and the stop; the
 * per-second series shows everything by the time it happened (warm-up seconds have negative t).
 */
final class Metrics {

    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final long measureStart;
    private final Series series;
    private final Histogram toFinal = new Histogram(HIGHEST_MICROS, 3);
    private final Histogram post = new Histogram(HIGHEST_MICROS, 3);
    private final Map<String, Long> errors = new TreeMap<>();
    private final Map<String, Long> rejectReasons = new TreeMap<>();
    private final Map<String, Long> steps = new TreeMap<>();
    private final AtomicLong errorsSoFar = new AtomicLong();
    private final AtomicLong notStartedSoFar = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private long checkouts;
    private long accepted;
    private long confirmed;
    private long rejected;
    private long cancelled;
    private long timeouts;
    private long notStarted;
    private long confirmedSinceWarmUp;
    private long confirmedAtStop;
    private long stopNanos;

    Metrics(long runStart, long measureStart) {
        this.measureStart = measureStart;
        this.series = new Series(measureStart, runStart);
    }

    synchronized void checkoutSent(boolean measured, long now) {
        if (measured) {
            checkouts++;
        }
        series.started(now);
    }

    synchronized void checkoutAccepted(boolean measured, long latencyNanos) {
        if (measured) {
            accepted++;
            post.recordValue(micros(latencyNanos));
        }
    }

    synchronized void orderFinal(boolean measured, long now, long latencyNanos, String status, String reason) {
        if (measured) {
            switch (status) {
                case "CONFIRMED" -> confirmed++;
                case "REJECTED" -> {
                    rejected++;
                    rejectReasons.merge(reasonCode(reason), 1L, Long::sum);
                }
                default -> cancelled++;
            }
            toFinal.recordValue(micros(latencyNanos));
        }
        if ("CONFIRMED".equals(status) && now - measureStart >= 0) {
            confirmedSinceWarmUp++;
        }
        series.finished(now, status, latencyNanos);
    }

    synchronized void timeout(boolean measured, long now) {
        if (measured) {
            timeouts++;
        }
        error(measured, now, "order timeout");
    }

    synchronized void error(boolean measured, long now, String kind) {
        errorsSoFar.incrementAndGet();
        if (measured) {
            errors.merge(kind, 1L, Long::sum);
        }
        series.error(now);
    }

    synchronized void step(boolean measured, long now, String kind) {
        if (measured) {
            steps.merge(kind, 1L, Long::sum);
        }
        series.step(now);
    }

    /** The end of the measured period: the deadline, or the start of the last counted unit of work. */
    synchronized void stop(long now) {
        stopNanos = now;
        confirmedAtStop = confirmedSinceWarmUp;
    }

    synchronized void notStarted(long now) {
        notStartedSoFar.incrementAndGet();
        if (now - measureStart >= 0) {
            notStarted++;
        }
    }

    AtomicInteger inFlight() {
        return inFlight;
    }

    long errorsSoFar() {
        return errorsSoFar.get();
    }

    long notStartedSoFar() {
        return notStartedSoFar.get();
    }

    synchronized List<Second> closeSecondsBefore(long now) {
        return series.closeBefore(now);
    }

    /** When second {@code t} of the series ends, in nanoTime. */
    long endOfSecond(long t) {
        return series.endOf(t);
    }

    long secondOf(long nanos) {
        return series.indexOf(nanos);
    }

    /** The figures, once {@link #stop} was called and the work in flight has finished. */
    synchronized LoadResult result(LoadGenerator.Settings settings, Instant startedAt, Path outDir) {
        series.closeAll(System.nanoTime());
        double measuredSeconds = Math.max(0.001, (stopNanos - measureStart) / 1e9);
        return new LoadResult(settings, startedAt, measuredSeconds, checkouts, accepted, confirmed, rejected,
                cancelled, timeouts, notStarted, confirmedAtStop / measuredSeconds, latency(toFinal), latency(post),
                errors, rejectReasons, steps, series.measured(), outDir);
    }

    static Latency latency(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return Latency.NONE;
        }
        return new Latency(histogram.getTotalCount(), millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(95)), millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getMaxValue()));
    }

    /**
     * {@code OUT_OF_STOCK: A-1, B-2} -> {@code OUT_OF_STOCK}; a code this build does not know (a newer
     * storefront's) is counted under its own name.
     */
    static String reasonCode(String reason) {
        if (reason == null || reason.isBlank()) {
            return "(no reason)";
        }
        return Reason.codeOf(reason);
    }

    private static long micros(long nanos) {
        return Math.clamp(nanos / 1000, 1, HIGHEST_MICROS);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
