package dev.orderpipeline.loadgen;

import java.util.Map;
import java.util.TreeMap;

import dev.orderpipeline.loadgen.LoadResult.Latency;
import dev.orderpipeline.loadgen.LoadResult.Second;
import dev.orderpipeline.storefrontclient.StorefrontClient;
import tools.jackson.databind.node.ObjectNode;

/** result.json: the settings (never the admin token), totals, percentiles, errors and the per-second series. */
final class ResultJson {

    private ResultJson() {
    }

    static String of(LoadResult result) {
        ObjectNode root = StorefrontClient.JSON.createObjectNode();
        settings(root.putObject("settings"), result.settings());
        root.put("startedAt", result.startedAt().toString());
        root.put("measuredSeconds", result.measuredSeconds());
        ObjectNode totals = root.putObject("totals");
        totals.put("checkouts", result.checkouts());
        totals.put("accepted", result.accepted());
        totals.put("confirmed", result.confirmed());
        totals.put("rejected", result.rejected());
        totals.put("cancelled", result.cancelled());
        totals.put("timeouts", result.timeouts());
        totals.put("notStartedSaturated", result.notStarted());
        totals.put("errors", result.errorCount());
        root.put("confirmedPerSecond", result.confirmedPerSecond());
        latency(root.putObject("checkoutToFinalMs"), result.checkoutToFinal());
        latency(root.putObject("checkoutPostMs"), result.checkoutPost());
        counts(root.putObject("errors"), result.errors());
        counts(root.putObject("rejectReasons"), result.rejectReasons());
        counts(root.putObject("steps"), result.steps());
        var series = root.putArray("series");
        for (Second second : result.series()) {
            ObjectNode entry = series.addObject();
            entry.put("t", second.t());
            entry.put("started", second.started());
            entry.put("confirmed", second.confirmed());
            entry.put("rejected", second.rejected());
            entry.put("errors", second.errors());
            entry.put("steps", second.steps());
            millis(entry, "p50", second.p50());
            millis(entry, "p99", second.p99());
        }
        return StorefrontClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static void settings(ObjectNode node, LoadGenerator.Settings settings) {
        node.put("url", settings.url().toString());
        node.put("mode", settings.mode().cliName());
        node.put("shoppers", settings.shoppers());
        node.put("rate", settings.rate());
        node.put("duration", settings.duration() == null ? null : Durations.format(settings.duration()));
        node.put("orders", settings.orders());
        node.put("requests", settings.requests());
        node.put("warmup", Durations.format(settings.warmup()));
        node.put("finalTimeout", Durations.format(settings.finalTimeout()));
        node.put("observe", settings.observe().cliName());
        node.put("restock", settings.restock());
        var skus = node.putArray("skus");
        settings.skus().forEach(skus::add);
    }

    private static void latency(ObjectNode node, Latency latency) {
        node.put("count", latency.count());
        millis(node, "p50", latency.p50());
        millis(node, "p95", latency.p95());
        millis(node, "p99", latency.p99());
        millis(node, "max", latency.max());
    }

    private static void millis(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 1000) / 1000.0);
        }
    }

    private static void counts(ObjectNode node, Map<String, Long> counts) {
        new TreeMap<>(counts).forEach(node::put);
    }
}
