package dev.orderpipeline.loadgen;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import dev.orderpipeline.loadgen.LoadResult.Latency;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long RUN_START = 100 * S;
    private static final long MEASURE_START = RUN_START + 2 * S;

    @Test
    void reasonCodesAreTheTextBeforeTheColon() {
        assertThat(Metrics.reasonCode("OUT_OF_STOCK: A-1, B-2")).isEqualTo("OUT_OF_STOCK");
        assertThat(Metrics.reasonCode("EXPIRED")).isEqualTo("EXPIRED");
        assertThat(Metrics.reasonCode(null)).isEqualTo("(no reason)");
    }

    @Test
    void histogramPercentilesInMilliseconds() {
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        for (int ms = 1; ms <= 1000; ms++) {
            histogram.recordValue(ms * 1000L);
        }

        Latency latency = Metrics.latency(histogram);

        assertThat(latency.count()).isEqualTo(1000);
        assertThat(latency.p50()).isCloseTo(500, within(1.0));
        assertThat(latency.p95()).isCloseTo(950, within(1.0));
        assertThat(latency.p99()).isCloseTo(990, within(1.0));
        assertThat(latency.max()).isCloseTo(1000, within(1.0));
        assertThat(Metrics.latency(new Histogram(1000, 3))).isEqualTo(Latency.NONE);
    }

    @Test
    void theTotalsCountTheOrdersCheckedOutAfterTheWarmUp() {
        Metrics metrics = new Metrics(RUN_START, MEASURE_START);
        metrics.checkoutSent(false, RUN_START + S);
        metrics.checkoutAccepted(false, 5 * MS);
        metrics.orderFinal(false, MEASURE_START + 10 * MS, 40 * MS, "CONFIRMED", null);
        metrics.error(false, RUN_START + S, "checkout 503");
        for (int i = 0; i < 4; i++) {
            metrics.checkoutSent(true, MEASURE_START + i * 100 * MS);
            metrics.checkoutAccepted(true, 5 * MS);
        }
        metrics.orderFinal(true, MEASURE_START + 500 * MS, 60 * MS, "CONFIRMED", null);
        metrics.orderFinal(true, MEASURE_START + 600 * MS, 70 * MS, "CONFIRMED", null);
        metrics.orderFinal(true, MEASURE_START + 700 * MS, 80 * MS, "REJECTED", "OUT_OF_STOCK: A-1");
        metrics.timeout(true, MEASURE_START + 900 * MS);
        metrics.stop(MEASURE_START + 2 * S);

        LoadResult result = metrics.result(settings(), Instant.now(), Path.of("out"));

        assertThat(result.checkouts()).isEqualTo(4);
        assertThat(result.accepted()).isEqualTo(4);
        assertThat(result.confirmed()).isEqualTo(2);
        assertThat(result.rejected()).isEqualTo(1);
        assertThat(result.timeouts()).isEqualTo(1);
        assertThat(result.rejectReasons()).containsExactlyEntriesOf(Map.of("OUT_OF_STOCK", 1L));
        assertThat(result.errors()).containsExactlyEntriesOf(Map.of("order timeout", 1L));
        assertThat(result.checkoutToFinal().count()).isEqualTo(3);
        assertThat(result.checkoutPost().count()).isEqualTo(4);
    }

    @Test
    void throughputAndSeriesGoByWhenTheFinalStatusWasSeen() {
        Metrics metrics = new Metrics(RUN_START, MEASURE_START);
        metrics.checkoutSent(false, MEASURE_START - 500 * MS);
        metrics.orderFinal(false, MEASURE_START + 100 * MS, 600 * MS, "CONFIRMED", null);
        metrics.checkoutSent(true, MEASURE_START + 200 * MS);
        metrics.orderFinal(true, MEASURE_START + 1500 * MS, 1300 * MS, "CONFIRMED", null);
        metrics.checkoutSent(true, MEASURE_START + 1900 * MS);
        metrics.stop(MEASURE_START + 2 * S);
        metrics.orderFinal(true, MEASURE_START + 2500 * MS, 600 * MS, "CONFIRMED", null);

        LoadResult result = metrics.result(settings(), Instant.now(), Path.of("out"));

        assertThat(result.measuredSeconds()).isEqualTo(2.0);
        assertThat(result.confirmedPerSecond()).isEqualTo(1.0);
        assertThat(result.confirmed()).isEqualTo(2);
        assertThat(result.series()).extracting(LoadResult.Second::t).startsWith(0L, 1L, 2L);
        assertThat(result.series()).extracting(LoadResult.Second::confirmed).startsWith(1L, 1L, 1L);
        assertThat(result.series()).extracting(LoadResult.Second::started).startsWith(1L, 1L, 0L);
    }

    private static LoadGenerator.Settings settings() {
        return LoadGenerator.Settings.builder().orders(4).build();
    }
}
