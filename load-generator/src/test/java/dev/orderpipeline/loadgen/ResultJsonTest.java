package dev.orderpipeline.loadgen;

import java.util.List;
import java.util.Map;

import dev.orderpipeline.loadgen.LoadResult.Second;
import dev.orderpipeline.storefrontclient.StorefrontClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ResultJsonTest {

    @Test
    void settingsTotalsPercentilesErrorsAndTheSeries() {
        LoadResult result = ChartHtmlTest.result(List.of(new Second(0, 10, 9, 1, 1, 0, 40.5, 90),
                new Second(1, 0, 0, 0, 0, 0, Double.NaN, Double.NaN)), Map.of("checkout 503", 1L));

        JsonNode json = StorefrontClient.JSON.readTree(ResultJson.of(result));

        assertThat(json.path("settings").path("mode").asString()).isEqualTo("checkout");
        assertThat(json.path("settings").path("orders").asLong()).isEqualTo(20);
        assertThat(json.path("totals").path("confirmed").asLong()).isEqualTo(19);
        assertThat(json.path("totals").path("errors").asLong()).isEqualTo(1);
        assertThat(json.path("confirmedPerSecond").asDouble()).isEqualTo(9.5);
        assertThat(json.path("checkoutToFinalMs").path("p99").asDouble()).isEqualTo(95);
        assertThat(json.path("checkoutPostMs").path("p50").asDouble()).isEqualTo(3);
        assertThat(json.path("errors").path("checkout 503").asLong()).isEqualTo(1);
        assertThat(json.path("rejectReasons").path("OUT_OF_STOCK").asLong()).isEqualTo(1);
        assertThat(json.path("series")).hasSize(2);
        assertThat(json.path("series").get(0).path("p50").asDouble()).isEqualTo(40.5);
        assertThat(json.path("series").get(1).path("p99").isNull()).isTrue();
    }

    @Test
    void theAdminTokenIsNeverWritten() {
        LoadResult result = ChartHtmlTest.result(List.of(), Map.of());
        LoadResult withToken = new LoadResult(LoadGenerator.Settings.builder().orders(1).restock("top-secret").build(),
                result.startedAt(), 1, 0, 0, 0, 0, 0, 0, 0, 0, result.checkoutToFinal(), result.checkoutPost(),
                Map.of(), Map.of(), Map.of(), List.of(), result.outDir());

        assertThat(ResultJson.of(withToken)).doesNotContain("top-secret").contains("\"restock\" : true");
    }
}
