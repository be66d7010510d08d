package dev.orderpipeline.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    void noOptionsMeansTheDefaults() {
        LoadGenerator.Settings settings = settings();

        assertThat(settings.url()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(settings.mode()).isEqualTo(Mode.CHECKOUT);
        assertThat(settings.shoppers()).isEqualTo(16);
        assertThat(settings.openLoop()).isFalse();
        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.warmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.finalTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.observe()).isEqualTo(Observe.SSE);
        assertThat(settings.restock()).isFalse();
        assertThat(settings.skus()).isEmpty();
        assertThat(settings.outDir()).isNull();
    }

    @Test
    void everyOptionInBothSpellings() {
        LoadGenerator.Settings settings = settings("--url", "http://shop:9000", "--ops-url=http://ops:9001", "--mode=mix", "--shoppers", "64",
                "--rate", "12.5", "--duration=2m", "--orders", "1000", "--requests", "5000", "--warmup", "0",
                "--final-timeout", "45s", "--observe", "POLL", "--restock", "--admin-token", "secret",
                "--skus", "A-1, B-2", "--out", "/tmp/load");

        assertThat(settings.url()).isEqualTo(URI.create("http://shop:9000"));
        assertThat(settings.opsUrl()).isEqualTo(URI.create("http://ops:9001"));
        assertThat(settings.mode()).isEqualTo(Mode.MIX);
        assertThat(settings.shoppers()).isEqualTo(64);
        assertThat(settings.rate()).isEqualTo(12.5);
        assertThat(settings.openLoop()).isTrue();
        assertThat(settings.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.orders()).isEqualTo(1000);
        assertThat(settings.requests()).isEqualTo(5000);
        assertThat(settings.warmup()).isZero();
        assertThat(settings.finalTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.observe()).isEqualTo(Observe.POLL);
        assertThat(settings.restock()).isTrue();
        assertThat(settings.adminToken()).isEqualTo("secret");
        assertThat(settings.skus()).containsExactly("A-1", "B-2");
        assertThat(settings.outDir()).isEqualTo(Path.of("/tmp/load"));
    }

    @Test
    void ordersAloneMeansNoDuration() {
        assertThat(settings("--orders", "300").duration()).isNull();
    }

    @Test
    void theAdminTokenComesFromTheEnvironmentUnlessGiven() {
        Map<String, String> env = Map.of("OPS_ADMIN_TOKEN", "from-env", "STOREFRONT_ADMIN_TOKEN", "former");

        assertThat(parse(env, "--restock").adminToken()).isEqualTo("from-env");
        assertThat(parse(env, "--restock", "--admin-token", "given").adminToken()).isEqualTo("given");
        assertThat(parse(Map.of("STOREFRONT_ADMIN_TOKEN", "former"), "--restock").adminToken())
                .as("the storefront's former token, for one release").isEqualTo("former");
    }

    @Test
    void theAdminTokenIsNotInTheSettingsText() {
        assertThat(settings("--restock", "--admin-token", "secret").toString()).doesNotContain("secret");
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertThat(Options.parse(List.of("--orders", "3", "--help"), Map.of())).isInstanceOf(Options.Parsed.Help.class);
        assertThat(Options.USAGE).contains("--rate=R", "--observe=sse|poll", "--restock", "Exit status");
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertBad("Unknown options: '--speed'", "--speed", "3");
        assertBad("'--shoppers': not a whole number: 'many'", "--shoppers", "many");
        assertBad("Missing required parameter for option '--shoppers'", "--shoppers");
        assertBad("'--mode': expected one of [CHECKOUT, MIX] (case-insensitive) but was 'soak'", "--mode", "soak");
        assertBad("'--observe': expected one of [SSE, POLL] (case-insensitive) but was 'push'", "--observe", "push");
        assertBad("'--duration': not a duration", "--duration", "soon");
        assertBad("'--rate': must be more than 0", "--rate", "0");
        assertBad("'--url': not an http(s) URL", "--url", "localhost:8080");
        assertBad("Unmatched argument at index 0: 'checkout'", "checkout");
        assertBad("Invalid value for option '--restock'", "--restock=yes");
        assertBad("--skus: no SKU given", "--skus", " , ");
        assertBad("restock needs the operators' token", "--restock");
        assertBad("shoppers must be at least 1", "--shoppers", "0");
        assertBad("requests (mix steps) apply to mix mode only", "--requests", "10");
    }

    private static void assertBad(String message, String... args) {
        assertThatThrownBy(() -> Options.parse(List.of(args), Map.of()))
                .isInstanceOf(Options.BadOptions.class).hasMessageContaining(message);
    }

    private static LoadGenerator.Settings settings(String... args) {
        return parse(Map.of(), args);
    }

    private static LoadGenerator.Settings parse(Map<String, String> env, String... args) {
        return ((Options.Parsed.Run) Options.parse(List.of(args), env)).settings();
    }
}
