package dev.orderpipeline.systemtests.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.orderpipeline.localstack.LocalStack;
import dev.orderpipeline.testkit.JavaProcess;

/**
 * A worker's start beside a running pipeline, as after a crash or a rolling update: the worker is
 * stopped (SIGTERM) and started again while the broker, the stand-in, the storefront and the other
 * worker keep running, and the clock runs from its start until its readiness probe answers 200
 * (its listeners have their partitions). Also the CPU the worker's JVM used until then. Each
 * worker in turn, {@code times} times; the medians per worker are the figures.
 */
public final class WorkerStart {

    public record Start(String worker, double secondsToReady, double cpuSecondsToReady) {
    }

    /** The medians by worker. */
    public record Result(List<Start> starts, Map<String, Double> medianSecondsToReady,
                         Map<String, Double> medianCpuSecondsToReady) {
    }

    private WorkerStart() {
    }

    public static Result measure(LocalStack stack, int times) {
        List<Start> starts = new ArrayList<>();
        for (int run = 1; run <= times; run++) {
            for (JavaProcess worker : List.of(stack.inventoryWorker(), stack.orderProcessor())) {
                Start start = restart(stack, worker);
                starts.add(start);
                say("%s ready %.1f s after its start, %.1f s of CPU".formatted(start.worker(), start.secondsToReady(),
                        start.cpuSecondsToReady()));
            }
        }
        return new Result(starts, medians(starts, Start::secondsToReady), medians(starts, Start::cpuSecondsToReady));
    }

    private static Start restart(LocalStack stack, JavaProcess worker) {
        worker.stop(Duration.ofSeconds(30));
        long started = System.nanoTime();
        worker.start();
        long deadline = started + Duration.ofMinutes(5).toNanos();
        while (!stack.isReady(worker)) {
            if (!worker.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(worker.name() + " did not become ready; see " + worker.logFile());
            }
            pause();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = ProcessHandle.of(worker.pid()).flatMap(handle -> handle.info().totalCpuDuration())
                .map(duration -> duration.toMillis() / 1000.0).orElse(Double.NaN);
        return new Start(worker.name(), seconds, cpu);
    }

    private static Map<String, Double> medians(List<Start> starts, ToDoubleFunction<Start> figure) {
        Map<String, Double> medians = new LinkedHashMap<>();
        starts.stream().map(Start::worker).distinct().forEach(worker -> {
            double[] sorted = starts.stream().filter(start -> start.worker().equals(worker)).mapToDouble(figure)
                    .sorted().toArray();
            int middle = sorted.length / 2;
            medians.put(worker, sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
        });
        return medians;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void say(String line) {
        System.out.println("[benchmark] worker start: " + line);
    }
}
