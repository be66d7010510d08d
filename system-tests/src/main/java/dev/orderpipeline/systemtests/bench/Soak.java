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
     * One process at one moment. {@code heapAfterGcMiB} is the heap in use right after a full
     * collection that {@code jcmd <pid> GC.run} asked for, so it counts live objects only.
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
        run("jcmd", Long.toString(pid), "GC.run");
        double heapKiB = heapUsedKiB(run("jstat", "-gc", Long.toString(pid)));
        Map<String, String> status = procStatus(pid);
        return new ProcessSample(pid, heapKiB / 1024, kibibytes(status.get("VmRSS")) / 1024.0, openFiles(pid),
                Long.parseLong(status.getOrDefault("Threads", "0").trim()));
    }

    /** The survivor, eden and old generations' used KiB from {@code jstat -gc}'s two lines (header, values). */
    static double heapUsedKiB(String jstatOutput) {
        List<String> lines = jstatOutput.lines().filter(line -> !line.isBlank()).toList();
        if (lines.size() < 2) {
            throw new IllegalStateException("unexpected jstat output: " + jstatOutput);
        }
        List<String> names = List.of(lines.get(0).trim().split("\\s+"));
        String[] values = lines.get(1).trim().split("\\s+");
        double used = 0;
        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
            used += Double.parseDouble(values[names.indexOf(column)]);
        }
        return used;
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
