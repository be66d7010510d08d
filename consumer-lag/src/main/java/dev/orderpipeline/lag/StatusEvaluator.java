package dev.orderpipeline.lag;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Burrow's evaluation of one partition of one consumer group, over a sliding time window of
 * observations, with no lag threshold to tune:
 * <ol>
 *   <li>lag 0 at any observation in the window: {@link LagStatus#OK} (the consumer caught up lately);</li>
 *   <li>lag now, and no commit seen for longer than the window: {@link LagStatus#STOP};</li>
 *   <li>lag now, a full window of observations, commits seen, but the committed offset the same
 *       throughout: {@link LagStatus#STALL};</li>
 *   <li>the committed offset advanced over a full window, but the lag grew at every step (never
 *       shrank, and ended higher than it started): {@link LagStatus#WARN};</li>
 *   <li>otherwise {@link LagStatus#OK}.</li>
 * </ol>
 * "Full window" means the oldest observation kept is at least {@code window - tolerance} old (the
 * tolerance absorbs the jitter of the poll ticks). Observations older than the window are dropped,
 * except the newest of them, which anchors the window's start.
 *
 * <p>Pure logic: time comes in with each call. Not thread-safe; one instance per partition.
 */
public final class StatusEvaluator {

    /**
     * One look at the partition.
     *
     * @param commitSeen whether there is evidence of a commit since the previous observation: the
     *                   committed offset moved, or (where commits of an unchanged offset cannot be
     *                   seen) a live member of the group owns the partition
     */
    public record Observation(long timeMillis, long committedOffset, long lag, boolean commitSeen) {
    }

    private final long windowMillis;
    private final long toleranceMillis;
    private final Deque<Observation> window = new ArrayDeque<>();
    private long lastCommitMillis = Long.MIN_VALUE;

    public StatusEvaluator(Duration window, Duration tolerance) {
        this.windowMillis = window.toMillis();
        this.toleranceMillis = tolerance.toMillis();
        if (windowMillis <= 0 || toleranceMillis < 0 || toleranceMillis >= windowMillis) {
            throw new IllegalArgumentException("window must be positive and longer than the tolerance");
        }
    }

    public void observe(Observation o) {
        if (lastCommitMillis == Long.MIN_VALUE) {
            lastCommitMillis = o.timeMillis(); // first sight: give the consumer one window before calling it stopped
        }
        if (o.commitSeen()) {
            lastCommitMillis = o.timeMillis();
        }
        window.addLast(o);
        // Keep the newest observation at or before the window's start as its anchor: with late
        // poll ticks, dropping it would leave a window a little short of full, and the status
        // would flap to OK between two full ones.
        long start = o.timeMillis() - windowMillis;
        while (window.size() > 1 && secondOldest().timeMillis() <= start) {
            window.pollFirst();
        }
    }

    private Observation secondOldest() {
        var it = window.iterator();
        it.next();
        return it.next();
    }

    public LagStatus evaluate(long nowMillis) {
        if (window.isEmpty()) {
            return LagStatus.OK;
        }
        List<Observation> obs = new ArrayList<>(window);
        Observation last = obs.get(obs.size() - 1);
        if (obs.stream().anyMatch(o -> o.lag() <= 0)) {
            return LagStatus.OK;
        }
        if (nowMillis - lastCommitMillis > windowMillis) {
            return LagStatus.STOP;
        }
        Observation first = obs.get(0);
        boolean full = nowMillis - first.timeMillis() >= windowMillis - toleranceMillis;
        if (!full || obs.size() < 2) {
            return LagStatus.OK;
        }
        if (first.committedOffset() == last.committedOffset()) {
            return LagStatus.STALL;
        }
        boolean neverShrank = true;
        for (int i = 1; i < obs.size(); i++) {
            if (obs.get(i).lag() < obs.get(i - 1).lag()) {
                neverShrank = false;
                break;
            }
        }
        if (neverShrank && last.lag() > first.lag()) {
            return LagStatus.WARN;
        }
        return LagStatus.OK;
    }
}
