package dev.orderpipeline.loadgen;

import java.util.Map;
import java.util.stream.Collectors;

import dev.orderpipeline.loadgen.LoadResult.Latency;

/** The figures of a finished run, as text for the console. */
final class Summary {

    private Summary() {
    }

    static String of(LoadResult result) {
        LoadGenerator.Settings settings = result.settings();
        StringBuilder text = new StringBuilder();
        text.append("[load] done: %s, %s; %.1f s measured after %s warm-up%n".formatted(settings.describeMode(),
                settings.describeShape(), result.measuredSeconds(), Durations.format(settings.warmup())));
        text.append("  checkouts %d (accepted %d): confirmed %d, rejected %d%s, cancelled %d, timeouts %d%n"
                .formatted(result.checkouts(), result.accepted(), result.confirmed(), result.rejected(),
                        counts(result.rejectReasons(), " (", ")"), result.cancelled(), result.timeouts()));
        if (settings.openLoop()) {
            text.append("  not started (saturated: %d shoppers in flight): %d%s%n".formatted(settings.shoppers(),
                    result.notStarted(), result.notStarted() > 0 ? "  <- the rate was NOT sustained" : ""));
        }
        if (!result.steps().isEmpty()) {
            text.append("  steps: %s%n".formatted(counts(result.steps(), "", "")));
        }
        text.append("  throughput: %.1f confirmed orders/s%n".formatted(result.confirmedPerSecond()));
        text.append("  checkout to final status (ms): %s%n".formatted(full(result.checkoutToFinal())));
        text.append("  checkout POST (ms): p50 %s  p99 %s%n".formatted(ms(result.checkoutPost().p50()),
                ms(result.checkoutPost().p99())));
        text.append("  errors: %s%n".formatted(result.errors().isEmpty() ? "none" : counts(result.errors(), "", "")));
        text.append("  written: %s, %s".formatted(result.resultJson(), result.chartHtml()));
        return text.toString();
    }

    private static String full(Latency latency) {
        return "p50 %s  p95 %s  p99 %s  max %s  (%d orders)".formatted(ms(latency.p50()), ms(latency.p95()),
                ms(latency.p99()), ms(latency.max()), latency.count());
    }

    static String ms(double value) {
        return Double.isNaN(value) ? "-" : "%.1f".formatted(value);
    }

    private static String counts(Map<String, Long> counts, String prefix, String suffix) {
        if (counts.isEmpty()) {
            return "";
        }
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + ": " + entry.getValue())
                .collect(Collectors.joining(", ", prefix, suffix));
    }
}
