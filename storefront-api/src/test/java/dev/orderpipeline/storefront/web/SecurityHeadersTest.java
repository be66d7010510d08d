package dev.orderpipeline.storefront.web;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.orderpipeline.testkit.spring.PipelineServiceConnections;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer of the storefront carries the headers a browser defends its pages with (the pages,
 * their files, the API, its problems, what Tomcat refuses before any filter), HSTS only over TLS
 * (here: behind a proxy that says so); and the pages have no inline script or style for the policy
 * to refuse. BrowserIT checks the policy in a real browser.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PipelineServiceConnections.class)
class SecurityHeadersTest {

    private static final Path STATIC = Path.of("src/main/resources/static");

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thePagesTheirFilesAndTheApiCarryThePolicyAndNoHstsOverPlainHttp() throws Exception {
        for (String path : List.of("/", "/index.html", "/js/app.js", "/css/app.css",
                "/api/products", "/api/orders/" + UUID.randomUUID(), "/no-such-page")) {
            HttpResponse<String> answer = get(path, Map.of());
            assertSecurityHeaders(path, answer);
            assertThat(answer.headers().firstValue("Strict-Transport-Security")).as(path).isEmpty();
        }
    }

    @Test
    void theAnswersOfTheStorefrontsOwnFiltersAndOfTomcatCarryThemToo() throws Exception {
        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(uri("/api/carts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(70 * 1024))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertSecurityHeaders("413", tooLarge);

        // a bad percent-encoding, refused by Tomcat before any filter runs (no URI class sends it)
        String refused = raw("GET /api/products/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(refused).startsWith("HTTP/1.1 400");
        String headers = refused.substring(0, refused.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        assertThat(headers).contains("content-security-policy: default-src 'self'", "x-content-type-options: nosniff",
                "x-frame-options: deny", "referrer-policy: no-referrer");
    }

    @Test
    void hstsWhenAProxyThatTerminatedTlsSaysSo() throws Exception {
        HttpResponse<String> answer = get("/", Map.of("X-Forwarded-Proto", "https"));
        assertSecurityHeaders("/ over TLS", answer);
        assertThat(answer.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    }

    @Test
    void thePagesHaveNoInlineScriptStyleOrHandler() throws IOException {
        Pattern inline = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|<style|\\sstyle=|\\son[a-z]+=|javascript:",
                Pattern.CASE_INSENSITIVE);
        try (Stream<Path> files = Files.walk(STATIC)) {
            List<Path> pages = files.filter(file -> file.toString().endsWith(".html")).toList();
            assertThat(pages).isNotEmpty();
            for (Path page : pages) {
                assertThat(inline.matcher(Files.readString(page)).find()).as(page + " has inline script or style").isFalse();
            }
        }
    }

    private static void assertSecurityHeaders(String what, HttpResponse<String> answer) {
        String policy = answer.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(policy).as(what).contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(answer.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        assertThat(answer.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
