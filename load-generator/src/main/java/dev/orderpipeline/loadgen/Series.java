package dev.orderpipeline.loadgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderpipeline.loadgen.LoadResult.Second;

/**
 * Events bucketed into whole seconds counted from {@code origin} (the end of the warm-up, so
 * warm-up seconds have negative t). A second is closed once the clock has passed it; the series
 * has no gaps. Not thread-safe: {@link Metrics} calls it under its lock.
 */
final class Series {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long origin;
    private final Map<Long, Bucket> open = new HashMap<>();
    private final List<Second> closed = new ArrayList<>();
    private long nextToClose;

    Series(long origin, long firstNanos) {
        this.origin = origin;
        this.nextToClose = indexOf(firstNanos);
    }

    long indexOf(long nanos) {
        return Math.floorDiv(nanos - origin, SECOND);
    }

    /** When second {@code t} ends, in nanoTime. */
    long endOf(long t) {
        return origin + (t + 1) * SECOND;
    }

    void started(long now) {
        bucket(now).started++;
    }

    void finished(long now, String status, long latencyNanos) {
        Bucket bucket = bucket(now);
        switch (status) {
            case "CONFIRMED" -> bucket.confirmed++;
            case "REJECTED" -> bucket.rejected++;
            default -> {
                // CANCELLED: in the totals only
            }
        }
        bucket.latencies.add(latencyNanos);
    }

    void error(long now) {
        bucket(now).errors++;
    }

    void step(long now) {
        bucket(now).steps++;
    }

    /** Closes every second that ended before {@code now}; returns those just closed. */
    List<Second> closeBefore(long now) {
        return closeThrough(indexOf(now) - 1);
    }

    /** Closes every second up to and including the one {@code now} is in (the last may be partial). */
    List<Second> closeAll(long now) {
        return closeThrough(indexOf(now));
    }

    /** The closed seconds from t = 0 on. */
    List<Second> measured() {
        return closed.stream().filter(second -> second.t() >= 0).toList();
    }

    private List<Second> closeThrough(long last) {
        List<Second> justClosed = new ArrayList<>();
        for (; nextToClose <= last; nextToClose++) {
            Bucket bucket = open.remove(nextToClose);
            Second second = bucket == null ? new Bucket().toSecond(nextToClose) : bucket.toSecond(nextToClose);
            closed.add(second);
            justClosed.add(second);
        }
        return justClosed;
    }

    private Bucket bucket(long now) {
        // an event racing the close of its second lands in the next open one
        long index = Math.max(indexOf(now), nextToClose);
        return open.computeIfAbsent(index, i -> new Bucket());
    }

    private static final class Bucket {
        long started;
        long confirmed;
        long rejected;
        long errors;
        long steps;
        final LongList latencies = new LongList();

        Second toSecond(long t) {
            long[] values = latencies.toArray();
            return new Second(t, started, confirmed, rejected, errors, steps,
                    millis(Percentiles.of(values, 50)), millis(Percentiles.of(values, 99)));
        }

        private static double millis(double nanos) {
            return nanos / 1_000_000.0;
        }
    }

    private static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
