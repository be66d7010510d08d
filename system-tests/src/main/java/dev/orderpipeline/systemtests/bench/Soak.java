package dev.orderpipeline.systemtests.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.orderpipeline.loadgen.LoadResult;

/**
 * What {@code scripts/soak.sh} records of each process of the stack between two load windows, and
 * of each window: a leak shows as growth from one sample to the next, a slowdown as a window's
 * percentiles rising.
 */
final class Soak {

    /**
     * One process at one moment. {@code heapAfterGcMiB} is what the objects that survive a full
     * collection take ({@code jcmd <pid> GC.class_histogram}, which collects first): live objects
     * only, without the filler arrays the JVM puts in unused gaps, which a heap's "used" counts.
     */
    record ProcessSample(long pid, double heapAfterGcMiB, double residentMiB, long openFiles, long threads) {
        @Override
        public String toString() {
            return "heap after GC %.1f MiB, resident %.0f MiB, %d open files, %d threads"
                    .formatted(heapAfterGcMiB, residentMiB, openFiles, threads);
        }
    }

    /** A window's checkout-to-final latency and counts, from the load run that made it. */
    record Window(int number, long fromMinute, long toMinute, double checkoutsPerSecond, double confirmedPerSecond,
                  double p50Ms, double p95Ms, double p99Ms, double maxMs, long timeouts, long errors,
                  Map<String, ProcessSample> processesAfter) {

        static Window of(int number, long minutes, LoadResult run, Map<String, ProcessSample> processesAfter) {
            return new Window(number, (number - 1) * minutes, number * minutes, run.checkouts() / run.measuredSeconds(),
                    run.confirmedPerSecond(), run.checkoutToFinal().p50(), run.checkoutToFinal().p95(),
                    run.checkoutToFinal().p99(), run.checkoutToFinal().max(), run.timeouts(), run.errorCount(),
                    processesAfter);
        }

        @Override
        public String toString() {
            return ("window %d (minutes %d-%d): %.1f checkouts/s, %.1f confirmed/s, checkout to final p50 %.0f ms,"
                    + " p95 %.0f, p99 %.0f, max %.0f; %d timeouts, %d errors").formatted(number, fromMinute, toMinute,
                    checkoutsPerSecond, confirmedPerSecond, p50Ms, p95Ms, p99Ms, maxMs, timeouts, errors);
        }
    }

    private Soak() {
    }

    /** Samples every running process of the stack, by name. */
    static Map<String, ProcessSample> sample(Map<String, Long> pids) {
        Map<String, ProcessSample> samples = new LinkedHashMap<>();
        pids.forEach((name, pid) -> samples.put(name, sample(pid)));
        return samples;
    }

    static ProcessSample sample(long pid) {
        double heapKiB = liveBytes(run("jcmd", Long.toString(pid), "GC.class_histogram")) / 1024.0;
        Map<String, String> status = procStatus(pid);
        return new ProcessSample(pid, heapKiB / 1024, kibibytes(status.get("VmRSS")) / 1024.0, openFiles(pid),
                Long.parseLong(status.getOrDefault("Threads", "0").trim()));
    }

    /** The histogram's total bytes less the JVM's filler arrays (space no object uses). */
    static long liveBytes(String histogram) {
        long total = -1;
        long fillers = 0;
        for (String line : histogram.lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 3 && columns[0].equals("Total")) {
                total = Long.parseLong(columns[2]);
            } else if (columns.length >= 4 && columns[3].startsWith("[Ljdk.internal.vm.FillerElement;")) {
                fillers += Long.parseLong(columns[2]);
            }
        }
        if (total < 0) {
            throw new IllegalStateException("no Total line in the class histogram");
        }
        return total - fillers;
    }

    private static Map<String, String> procStatus(long pid) {
        Map<String, String> fields = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            lines.forEach(line -> {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status: " + e, e);
        }
        return fields;
    }

    private static long kibibytes(String value) {
        return value == null ? 0 : Long.parseLong(value.replace("kB", "").trim());
    }

    private static long openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/" + pid + "/fd: " + e, e);
        }
    }

    /** Runs a JDK tool of the running JDK and returns what it printed. */
    private static String run(String tool, String... args) {
        Path executable = Path.of(System.getProperty("java.home"), "bin", tool);
        List<String> command = Stream.concat(Stream.of(executable.toString()), Stream.of(args)).toList();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
