package dev.orderpipeline.systemtests;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import dev.orderpipeline.loadgen.LoadGenerator;
import dev.orderpipeline.loadgen.LoadResult;
import dev.orderpipeline.loadgen.Mode;
import dev.orderpipeline.loadgen.Observe;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator against the test pipeline, on SKUs of its own. Asserts correctness only (every
 * checkout became an order that reached a final status, no errors): a shared, busy test machine
 * says nothing about speed.
 */
class LoadGeneratorSmokeIT {

    /** Far above any real latency: a slow machine must not turn into a timeout here. */
    private static final Duration FINAL_TIMEOUT = Duration.ofSeconds(90);

    private final Api api = Pipeline.api();

    @Test
    void checkoutModeEveryCheckoutBecomesAFinalOrder() throws Exception {
        LoadResult result = new LoadGenerator(settings("checkout")
                .mode(Mode.CHECKOUT).shoppers(16).orders(300).build()).run();

        assertThat(result.errors()).as("errors").isEmpty();
        assertThat(result.timeouts()).isZero();
        assertThat(result.checkouts()).isEqualTo(300);
        assertThat(result.accepted()).isEqualTo(300);
        assertThat(result.confirmed() + result.rejected()).as("confirmed + rejected").isEqualTo(300);
        assertThat(result.cancelled()).isZero();
        assertThat(result.checkoutToFinal().count()).isEqualTo(300);
        assertWritten(result, 300);
    }

    @Test
    void mixModeMakesItsRequestsWithoutErrors() throws Exception {
        LoadResult result = new LoadGenerator(settings("mix")
                .mode(Mode.MIX).shoppers(8).requests(200).observe(Observe.POLL).build()).run();

        assertThat(result.errors()).as("errors").isEmpty();
        assertThat(result.timeouts()).isZero();
        assertThat(result.steps().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(200);
        assertThat(result.steps()).containsKeys("browse", "add-to-cart");
        assertThat(result.confirmed() + result.rejected()).as("confirmed + rejected").isEqualTo(result.checkouts());
        assertThat(result.accepted()).isEqualTo(result.checkouts());
        assertWritten(result, result.checkouts());
    }

    private LoadGenerator.Settings.Builder settings(String name) {
        List<String> skus = IntStream.range(0, 5).mapToObj(i -> Skus.unique("LOAD")).toList();
        skus.forEach(sku -> api.createProduct(sku, 250, 0));
        Path root = Path.of(System.getProperty("pipeline.root", "..")).toAbsolutePath().normalize();
        return LoadGenerator.Settings.builder()
                .url(URI.create(Pipeline.stack().storefrontUrl()))
                .opsUrl(URI.create(Pipeline.stack().opsUrl()))
                .skus(skus)
                .restock(Pipeline.ADMIN_TOKEN)
                .warmup(Duration.ZERO)
                .finalTimeout(FINAL_TIMEOUT)
                .outDir(root.resolve("system-tests/target/load-smoke-" + name));
    }

    private static void assertWritten(LoadResult result, long checkouts) throws Exception {
        assertThat(result.resultJson()).isRegularFile();
        JsonNode json = Api.JSON.readTree(Files.readString(result.resultJson()));
        assertThat(json.path("totals").path("checkouts").asLong()).isEqualTo(checkouts);
        assertThat(json.path("series").isArray()).isTrue();
        assertThat(result.chartHtml()).isRegularFile();
        assertThat(Files.readString(result.chartHtml())).startsWith("<!DOCTYPE html>").contains("<svg");
    }
}
