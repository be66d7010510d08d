package dev.orderpipeline.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MongoDB's own shell (mongosh 2.12 from npm, its Node.js driver's handshake included) against the
 * stack's MongoDB, as a user inspects the local data: the order of a checkout just made and its
 * SKU's stock document. mongosh is installed by {@code system-tests/mongosh/install.sh} (.ci/run
 * does it); without it the test is skipped, or fails when {@code CI=true}.
 */
class MongoShellIT {

    private static final Path ROOT = Path.of(System.getProperty("pipeline.root", "..")).toAbsolutePath().normalize();
    private static final Path MONGOSH = ROOT.resolve("system-tests/mongosh/node_modules/.bin/mongosh");

    private final Api api = Pipeline.api();

    @BeforeAll
    static void requireMongosh() {
        if (Files.isExecutable(MONGOSH)) {
            return;
        }
        String message = "MongoShellIT needs mongosh at " + MONGOSH + ": run system-tests/mongosh/install.sh (.ci/run does it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message + "; skipped because CI is not true");
    }

    @Test
    void mongoshReadsTheOrderOfACheckoutAndTheStockOfItsSku() throws Exception {
        String sku = Skus.unique("SHELL");
        api.createProduct(sku, 1250, 5);
        UUID orderId = api.order(Map.of(sku, 2));
        assertThat(api.awaitFinal(orderId).path("status").asString()).isEqualTo("CONFIRMED");

        JsonNode order = mongosh("orders", "db.orders.findOne({_id: '" + orderId + "'})");
        assertThat(order.path("_id").asString()).isEqualTo(orderId.toString());
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(order.path("totalCents").asLong()).isEqualTo(2 * 1250);
        assertThat(order.path("lines").path(0).path("sku").asString()).isEqualTo(sku);

        JsonNode stock = mongosh("inventory", "db.stock.findOne({_id: '" + sku + "'})");
        assertThat(stock.path("stocked").asLong()).isEqualTo(5);
        assertThat(stock.path("sold").asLong()).isEqualTo(2);
        assertThat(stock.path("available").asLong()).isEqualTo(3);
    }

    /** Runs {@code expression} in mongosh connected to {@code database} and reads its value as JSON. */
    private static JsonNode mongosh(String database, String expression) throws IOException, InterruptedException {
        Path home = Files.createDirectories(ROOT.resolve("system-tests/target/mongosh-home")); // its logs and history
        Path output = Files.createTempFile(home, "mongosh-", ".out");
        ProcessBuilder shell = new ProcessBuilder(List.of(MONGOSH.toString(), "--quiet", "--norc",
                Pipeline.stack().mongoUri() + "/" + database,
                "--eval", "EJSON.stringify(" + expression + ", {relaxed: true})"))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        shell.environment().put("HOME", home.toString());
        Process process = shell.start();
        boolean exited = process.waitFor(2, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8).strip();
        assertThat(exited).as("mongosh exits; it printed: " + printed).isTrue();
        assertThat(process.exitValue()).as("mongosh's exit code; it printed: " + printed).isZero();
        String lastLine = printed.substring(printed.lastIndexOf('\n') + 1);
        System.out.println("mongosh " + database + "> " + expression + "\n" + lastLine);
        return Api.JSON.readTree(lastLine);
    }
}
