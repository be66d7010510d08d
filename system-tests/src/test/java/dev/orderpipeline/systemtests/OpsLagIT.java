package dev.orderpipeline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.storefrontclient.Reply;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * ops-api's GET /api/ops/lag (with the operators' token), its gauges and the operator page on the running pipeline: after orders went
 * through, both worker groups are listed with their partitions, drained to 0 (each committed offset
 * equal to its partition's end offset) and OK.
 */
class OpsLagIT {

    private final Api api = Pipeline.api();

    @Test
    void theWorkerGroupsDrainToZeroAndAreOk() {
        String sku = Skus.unique("LAG");
        api.createProduct(sku, 990, 50);
        for (int i = 0; i < 3; i++) {
            UUID orderId = api.order(Map.of(sku, 1));
            api.awaitFinal(orderId);
        }
        await("both groups drained and OK").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Reply response = api.get("/api/ops/lag", api.admin());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).startsWith("application/json");
            JsonNode groups = response.body().path("groups");
            assertThat(groups).extracting(g -> g.path("group").asString())
                    .containsExactly("order-processor", "inventory-worker");
            for (JsonNode g : groups) {
                assertThat(g.path("status").asString()).as("status of %s", g.path("group")).isEqualTo("OK");
                assertThat(g.path("lagMessages").asLong()).as("lag of %s", g.path("group")).isZero();
                assertThat(g.path("lagSeconds").asDouble()).isZero();
                assertThat(g.path("partitions").size()).isPositive();
                for (JsonNode p : g.path("partitions")) {
                    assertThat(p.path("lag").asLong()).isZero();
                    assertThat(p.path("committedOffset").asLong()).isEqualTo(p.path("endOffset").asLong());
                    assertThat(p.has("topic") && p.has("partition") && p.has("lagSeconds")).isTrue();
                }
            }
            // the topics the workers' outputs go to are there
            assertThat(groups.get(1).path("partitions")).extracting(p -> p.path("topic").asString()).contains("orders.v1");
            assertThat(groups.get(0).path("partitions")).extracting(p -> p.path("topic").asString()).contains("inventory.v1");
        });

        Reply prometheus = api.sendToOps("GET", "/actuator/prometheus", null, Map.of());
        assertThat(prometheus.status()).isEqualTo(200);
        String metrics = prometheus.bodyText();
        assertThat(metrics).contains("pipeline_consumer_lag_messages{", "pipeline_consumer_lag_seconds{",
                "pipeline_consumer_group_status{", "group=\"order-processor\"", "topic=\"orders.v1\"");

        Reply withoutToken = api.get("/api/ops/lag");
        assertThat(withoutToken.status()).as("operational data needs the operators' token").isEqualTo(401);
        assertThat(withoutToken.contentType()).startsWith("application/problem+json");

        Reply page = api.get("/ops/lag.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.bodyText()).contains("/ops/lag.js");
        assertThat(api.get("/ops/lag.js").status()).isEqualTo(200);
    }
}
