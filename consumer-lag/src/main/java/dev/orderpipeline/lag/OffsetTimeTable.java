package dev.orderpipeline.lag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The observed history of one partition's end offset: (offset, time) points, oldest first, at most
 * {@code capacity} of them, as Kafka Lag Exporter kept it. From it, the time at which the end offset
 * was a given offset: interpolated between the two points around it, extrapolated from the table's
 * average rate for an offset older than the oldest point. A run of equal offsets keeps only its
 * first and last point (the first says when the offset was reached; the last, that it did not move
 * since), so a quiet partition does not push its history out of the table.
 *
 * <p>Not thread-safe; one instance per partition, fed by one poller.
 */
public final class OffsetTimeTable {

    /** One observation: the end offset was {@code offset} at {@code timeMillis}. */
    public record Point(long offset, long timeMillis) {
    }

    private final int capacity;
    private final Deque<Point> points = new ArrayDeque<>();

    public OffsetTimeTable(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, is " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds an observation. An offset below the last one (topic re-created, truncated) starts the table anew. */
    public void add(long offset, long timeMillis) {
        Point last = points.peekLast();
        if (last != null && (offset < last.offset() || timeMillis < last.timeMillis())) {
            points.clear();
            last = null;
        }
        if (last != null && last.offset() == offset && points.size() >= 2) {
            Iterator<Point> it = points.descendingIterator();
            it.next();
            Point beforeLast = it.next();
            if (beforeLast.offset() == offset) {
                points.pollLast(); // the run of equal offsets keeps its first and its latest point
            }
        }
        points.addLast(new Point(offset, timeMillis));
        while (points.size() > capacity) {
            points.pollFirst();
        }
    }

    public List<Point> points() {
        return List.copyOf(points);
    }

    public boolean isEmpty() {
        return points.isEmpty();
    }

    /**
     * When the end offset passed {@code offset}, i.e. when the record at {@code offset} was appended,
     * as well as the table can tell: the first point whose offset is above it bounds it from above,
     * the point before from below, and the time is interpolated between them. Below the oldest
     * point, extrapolated backwards at the table's average rate (or the oldest point's time, when the
     * table has seen no progress). Empty when the table is empty or the offset is not below the
     * newest point (nothing there is waiting).
     */
    public OptionalDouble timeOfOffset(long offset) {
        if (points.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Point> p = new ArrayList<>(points);
        Point newest = p.get(p.size() - 1);
        if (offset >= newest.offset()) {
            return OptionalDouble.empty();
        }
        Point oldest = p.get(0);
        if (offset < oldest.offset()) {
            double rate = rate(p); // offsets per millisecond
            if (rate <= 0) {
                return OptionalDouble.of(oldest.timeMillis());
            }
            return OptionalDouble.of(oldest.timeMillis() - (oldest.offset() - offset) / rate);
        }
        // the first point above offset; the one before it is at or below offset
        for (int i = 1; i < p.size(); i++) {
            Point upper = p.get(i);
            if (upper.offset() > offset) {
                Point lower = p.get(i - 1);
                // the record at `offset` was appended after the end offset was lower.offset and by the
                // time it was upper.offset; linear in between
                double fraction = (double) (offset - lower.offset()) / (upper.offset() - lower.offset());
                return OptionalDouble.of(lower.timeMillis() + fraction * (upper.timeMillis() - lower.timeMillis()));
            }
        }
        return OptionalDouble.empty(); // unreachable: offset < newest.offset()
    }

    /**
     * Lag in seconds of a consumer whose committed offset is {@code committed}: how long ago the
     * first record it has not consumed was appended. 0 when nothing is waiting.
     */
    public double lagSeconds(long committed, long endOffset, long nowMillis) {
        if (committed >= endOffset) {
            return 0;
        }
        OptionalDouble appended = timeOfOffset(committed);
        if (appended.isEmpty()) {
            return 0;
        }
        return Math.max(0, (nowMillis - appended.getAsDouble()) / 1000.0);
    }

    private static double rate(List<Point> p) {
        Point first = p.get(0);
        Point last = p.get(p.size() - 1);
        long dt = last.timeMillis() - first.timeMillis();
        return dt <= 0 ? 0 : (double) (last.offset() - first.offset()) / dt;
    }
}
