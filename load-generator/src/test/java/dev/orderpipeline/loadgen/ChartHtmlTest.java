package dev.orderpipeline.loadgen;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.orderpipeline.loadgen.LoadResult.Latency;
import dev.orderpipeline.loadgen.LoadResult.Second;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChartHtmlTest {

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(ChartHtml.niceStep(100, 5)).isEqualTo(20);
        assertThat(ChartHtml.niceStep(37, 5)).isEqualTo(10);
        assertThat(ChartHtml.niceStep(9, 5)).isEqualTo(2);
        assertThat(ChartHtml.niceStep(0.8, 5)).isEqualTo(0.2, within(1e-9));
        assertThat(ChartHtml.niceStep(2400, 5)).isEqualTo(500);
        assertThat(ChartHtml.niceStep(0, 5)).isEqualTo(1);
        assertThat(ChartHtml.niceStep(Double.NaN, 5)).isEqualTo(1);
    }

    @Test
    void aChartHasAxesLabelsALegendAndOneLinePerSeries() {
        String svg = ChartHtml.chart("Throughput", "orders per second", new double[] {0, 1, 2, 3},
                List.of(new ChartHtml.Line("confirmed/s", "#2e7d32", new double[] {10, 20, 30, 25}),
                        new ChartHtml.Line("started/s", "#1565c0", new double[] {10, 21, 29, 25})));

        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        assertThat(svg).contains(">orders per second</text>", ">time since the warm-up (s)</text>",
                ">confirmed/s</text>", ">started/s</text>", ">30</text>");
        assertThat(count(svg, "<polyline")).isEqualTo(2);
    }

    @Test
    void aSecondWithoutSamplesBreaksTheLine() {
        String svg = ChartHtml.chart("Latency", "latency (ms)", new double[] {0, 1, 2, 3, 4},
                List.of(new ChartHtml.Line("p99", "#c62828", new double[] {5, 6, Double.NaN, 7, 8})));

        assertThat(count(svg, "<polyline")).isEqualTo(2);
        assertThat(svg).doesNotContain("NaN");
    }

    @Test
    void thePageIsSelfContainedAndEscapesText() {
        String html = ChartHtml.of(result(List.of(new Second(0, 10, 9, 1, 0, 0, 40, 90),
                new Second(1, 10, 10, 0, 0, 0, 42, 95)), Map.of("checkout <5xx>", 1L)));

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "Throughput", "Latency", "p50", "p99");
        assertThat(html).doesNotContain("<script", "<link", "src=", "@import");
        assertThat(html).contains("checkout &lt;5xx&gt;: 1");
        assertThat(count(html, "<svg")).isEqualTo(2);
    }

    @Test
    void anEmptySeriesStillRenders() {
        String html = ChartHtml.of(result(List.of(), Map.of()));

        assertThat(html).contains("<svg").doesNotContain("NaN").doesNotContain("Infinity");
    }

    static LoadResult result(List<Second> series, Map<String, Long> errors) {
        LoadGenerator.Settings settings = LoadGenerator.Settings.builder().orders(20).build();
        return new LoadResult(settings, Instant.parse("2025-01-01T10:00:00Z"), 2.0, 20, 20, 19, 1, 0, 0, 0, 9.5,
                new Latency(20, 41, 80, 95, 99), new Latency(20, 3, 5, 9, 12), errors, Map.of("OUT_OF_STOCK", 1L),
                Map.of(), series, Path.of("/tmp/out"));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
