package dev.orderpipeline.loadgen;

import java.io.PrintStream;
import java.util.concurrent.locks.LockSupport;

import dev.orderpipeline.loadgen.LoadResult.Second;

/** Prints one line per second while the run goes on. */
final class Progress implements AutoCloseable {

    private final Metrics metrics;
    private final long runStart;
    private final LoadGenerator.Settings settings;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean running = true;

    Progress(Metrics metrics, long runStart, LoadGenerator.Settings settings, PrintStream out) {
        this.metrics = metrics;
        this.runStart = runStart;
        this.settings = settings;
        this.out = out;
        this.thread = Thread.ofPlatform().daemon().name("load-progress").start(this::tick);
    }

    private void tick() {
        long second = metrics.secondOf(runStart);
        while (running) {
            long end = metrics.endOfSecond(second);
            long now;
            while ((now = System.nanoTime()) - end < 0 && running) {
                LockSupport.parkNanos(end - now);
            }
            if (!running) {
                return;
            }
            for (Second closed : metrics.closeSecondsBefore(now)) {
                String line = line(closed, (metrics.endOfSecond(closed.t()) - runStart) / 1e9,
                        metrics.inFlight().get(), metrics.errorsSoFar(), settings.mode());
                out.println(settings.openLoop() ? line + "  not started (saturated) " + metrics.notStartedSoFar()
                        : line);
            }
            second = metrics.secondOf(now);
        }
    }

    static String line(Second second, double elapsedSeconds, int inFlight, long errorsSoFar, Mode mode) {
        StringBuilder line = new StringBuilder("[load] %5.0fs%s  started %4d/s  confirmed %4d/s  rejected %3d/s"
                .formatted(elapsedSeconds, second.t() < 0 ? " warmup" : "       ", second.started(),
                        second.confirmed(), second.rejected()));
        if (mode == Mode.MIX) {
            line.append("  steps %4d/s".formatted(second.steps()));
        }
        line.append("  in flight %4d  p50 %s  p99 %s  errors %d".formatted(inFlight, millis(second.p50()),
                millis(second.p99()), errorsSoFar));
        return line.toString();
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "     - ms" : "%6.0f ms".formatted(value);
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
