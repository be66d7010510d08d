package dev.orderpipeline.systemtests;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.storefrontclient.Reply;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated requests against a running storefront over real HTTP: mutated and random
 * bodies (wrong types, huge numbers, deep nesting, long strings, odd Unicode, duplicate keys, bytes
 * that are no JSON), paths (encoded slashes, dots, very long ids), methods and headers (content
 * types, accepted types, Idempotency-Key lengths, tokens). Every answer is a 2xx with JSON (or no
 * body) or a 4xx {@code application/problem+json}, never a 5xx, a redirect or HTML; and the records
 * on the topics the storefront writes grow by exactly what the accepted requests publish: nothing
 * for a refused one. The seeds are fixed, so a failure replays (jqwik prints the sample).
 */
class ApiFuzzIT {

    /** The topics a storefront request can publish to; the workers never write them. */
    private static final List<String> WRITTEN = List.of(Topics.CARTS, Topics.CATALOG);
    private static final String REDRIVE = "/api/ops/dead-letters/redrive";
    private static final List<String> SKUS = List.of("MUG-STONEWARE", "FUZZ-1", "FUZZ-2", "NO-SUCH-SKU", "mug", "");
    /** The admin calls change only products of their own, so the starter catalog other tests use keeps its stock. */
    private static final List<String> ADMIN_SKUS = List.of("FUZZ-1", "FUZZ-2", "NO-SUCH-SKU", "mug", "");

    private static Admin admin;

    enum Endpoint { ADD_ITEM, CHECKOUT, PUT_PRODUCT, ADJUST, REDRIVE }

    enum Token { NONE, RIGHT, WRONG, NOT_BEARER, EMPTY_BEARER, LONG }

    enum CartId { ISSUED, FORGED, MALFORMED }

    record BodyCase(Endpoint endpoint, CartId cartId, String sku, String body, String contentType, String accept,
                    String idempotencyKey, Token token) {
    }

    record PathCase(String method, List<String> segments, String accept, Token token, String body,
                    String contentType) {
    }

    @AfterContainer
    static void closeAdmin() {
        if (admin != null) {
            admin.close();
        }
    }

    // generated edge cases alone outnumber the tries: random cases only, the bodies name their extremes
    @Property(tries = 1200, seed = "20261202", shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void everyBodyIsAnsweredWithA2xxOr4xxProblemAndOnlyAcceptedOnesPublish(@ForAll("bodyCases") BodyCase fuzz) {
        String cart = switch (fuzz.cartId()) {
            case ISSUED -> Pipeline.api().openCart().toString();
            case FORGED -> UUID.nameUUIDFromBytes(String.valueOf(fuzz.body()).getBytes(StandardCharsets.UTF_8)).toString();
            case MALFORMED -> "not-a-cart";
        };
        String path = switch (fuzz.endpoint()) {
            case ADD_ITEM -> "/api/carts/" + cart + "/items";
            case CHECKOUT -> "/api/carts/" + cart + "/checkout";
            case PUT_PRODUCT -> "/api/admin/products/" + encode(fuzz.sku());
            case ADJUST -> "/api/admin/inventory/" + encode(fuzz.sku()) + "/adjustments";
            case REDRIVE -> REDRIVE;
        };
        String method = fuzz.endpoint() == Endpoint.PUT_PRODUCT ? "PUT" : "POST";
        Map<String, String> headers = headers(fuzz.contentType(), fuzz.accept(), fuzz.token());
        if (fuzz.idempotencyKey() != null) {
            headers.put("Idempotency-Key", fuzz.idempotencyKey());
        }
        exchange(method, path, headers, fuzz.body());
    }

    @Property(tries = 700, seed = "31415926", shrinking = ShrinkingMode.BOUNDED)
    void everyPathMethodAndHeaderIsAnsweredWithA2xxOr4xxProblemAndOnlyAcceptedOnesPublish(
            @ForAll("pathCases") PathCase fuzz) {
        List<String> segments = fuzz.segments().stream()
                .map(segment -> segment.equals("{issued}") ? Pipeline.api().openCart().toString() : segment).toList();
        exchange(fuzz.method(), "/" + String.join("/", segments), headers(fuzz.contentType(), fuzz.accept(), fuzz.token()),
                fuzz.body());
    }

    // ------------------------------------------------------------------ the exchange and what it must answer

    private void exchange(String method, String path, Map<String, String> headers, String body) {
        long before = published();
        Reply response = Pipeline.api().send(method, path, body, headers);
        String text = response.bodyText();
        String contentType = response.contentType();
        String seen = method + " " + abbreviate(path) + " " + headers.keySet() + " -> " + response.status() + " "
                + contentType + " " + abbreviate(text);
        int status = response.status();
        Statistics.label("status").collect(status);

        assertThat(status / 100).as(seen).isIn(2, 4);
        // an HTML page, not JSON that quotes what the request sent
        assertThat(contentType.toLowerCase()).as(seen).doesNotContain("html");
        assertThat(text.stripLeading()).as(seen).doesNotStartWith("<");
        boolean hasBody = !method.equals("HEAD") && response.content().length > 0;
        if (status >= 400) {
            assertThat(contentType).as(seen).startsWith("application/problem+json");
            if (hasBody) {
                JsonNode problem = Api.JSON.readTree(text);
                assertThat(problem.path("status").asInt()).as(seen).isEqualTo(status);
                assertThat(problem.path("title").asString()).as(seen).isNotBlank();
            }
        } else if (hasBody) {
            assertThat(contentType).as(seen).startsWith("application/json");
            Api.JSON.readTree(text);
        }
        long expected = publishes(method, path, status, text);
        assertThat(published() - before).as("records published for " + seen).isEqualTo(expected);
    }

    /** What an answer says was published: one event per accepted write, the redrive's copies to the topics counted. */
    private static long publishes(String method, String path, int status, String body) {
        if (status / 100 != 2 || path.equals("/api/carts") || Set.of("GET", "HEAD", "OPTIONS").contains(method)) {
            return 0;
        }
        if (path.equals(REDRIVE)) {
            JsonNode answer = Api.JSON.readTree(body);
            if (answer.path("dryRun").asBoolean()) {
                return 0;
            }
            long copies = 0;
            for (JsonNode entry : answer.path("redriven")) {
                copies += WRITTEN.contains(entry.path("originalTopic").asString()) ? 1 : 0;
            }
            return copies;
        }
        return 1;
    }

    /** Records on the topics the storefront writes (its producer is not transactional: one offset per record). */
    private static long published() {
        try {
            if (admin == null) {
                admin = KafkaTopics.admin();
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String topic : WRITTEN) {
                for (int p = 0; p < Topics.PARTITIONS; p++) {
                    request.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> headers(String contentType, String accept, Token token) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (accept != null) {
            headers.put("Accept", accept);
        }
        switch (token) {
            case NONE -> { }
            case RIGHT -> headers.put("Authorization", "Bearer " + Pipeline.ADMIN_TOKEN);
            case WRONG -> headers.put("Authorization", "Bearer " + Pipeline.ADMIN_TOKEN + "x");
            case NOT_BEARER -> headers.put("Authorization", "Basic " + Pipeline.ADMIN_TOKEN);
            case EMPTY_BEARER -> headers.put("Authorization", "Bearer ");
            case LONG -> headers.put("Authorization", "Bearer " + "t".repeat(6000));
        }
        return headers;
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<BodyCase> bodyCases() {
        Arbitrary<Endpoint> endpoints = Arbitraries.of(Endpoint.class);
        return endpoints.flatMap(endpoint -> Combinators.combine(
                Arbitraries.of(CartId.class), Arbitraries.of(endpoint == Endpoint.ADD_ITEM ? SKUS : ADMIN_SKUS), body(endpoint), contentTypes(), accepts(),
                idempotencyKeys(), tokens(endpoint)).as((cartId, sku, body, contentType, accept, key, token) ->
                new BodyCase(endpoint, cartId, sku, body, contentType, accept, key, token)));
    }

    @Provide
    Arbitrary<PathCase> pathCases() {
        Arbitrary<String> methods = Arbitraries.of("GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
        return Combinators.combine(methods, paths(), accepts(), Arbitraries.of(Token.class),
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just((String) null)), Tuple.of(1, jsonValue(2))),
                contentTypes()).as(PathCase::new);
    }

    /** A valid body of the endpoint with some fields mutated, or something else altogether. */
    private Arbitrary<String> body(Endpoint endpoint) {
        Map<String, Arbitrary<String>> valid = switch (endpoint) {
            case ADD_ITEM -> fields("sku", quoted(Arbitraries.of(SKUS)), "quantity", Arbitraries.of("1", "2", "99"));
            case CHECKOUT -> fields("customer", Arbitraries.of("{\"email\":\"ann@example.com\",\"name\":\"Ann\"}"));
            case PUT_PRODUCT -> fields("name", quoted(Arbitraries.of("Fuzz mug")), "description", quoted(Arbitraries.of("", "made by fuzzing")),
                    "priceCents", Arbitraries.of("0", "250"), "currency", quoted(Arbitraries.of("EUR", "USD")));
            case ADJUST -> fields("delta", Arbitraries.of("1", "-1", "5"), "reason", quoted(Arbitraries.of("fuzz")));
            case REDRIVE -> fields("topic", quoted(Arbitraries.of("catalog.v1.dlt", "orders.v1.dlt", "catalog.v1")),
                    "partition", Arbitraries.of("0", "2", "3"), "fromOffset", Arbitraries.of("0", "5"),
                    "toOffset", Arbitraries.of("0", "3"), "dryRun", Arbitraries.of("true", "false"));
        };
        return Arbitraries.frequencyOf(
                Tuple.of(8, mutated(valid)),
                Tuple.of(1, jsonValue(3)),
                Tuple.of(1, deepNesting()),
                Tuple.of(1, Arbitraries.of("", "{", "{\"sku\":", "[1,2", "nul", "{'sku':'x'}", "{\"a\":1}}",
                        "\u0000\u0001", "\uFEFF{}", "{\"quantity\":1,}", "NaN", "{\"quantity\":NaN}")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200)),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(60_000).ofMaxLength(70_000)
                        .map(s -> "{\"sku\":\"" + s + "\",\"quantity\":1}")));
    }

    private static Map<String, Arbitrary<String>> fields(Object... namesAndValues) {
        Map<String, Arbitrary<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            Arbitrary<String> value = (Arbitrary<String>) namesAndValues[i + 1];
            fields.put((String) namesAndValues[i], value);
        }
        return fields;
    }

    /** Each field kept (valid value), replaced by any JSON value, dropped, or given twice; sometimes an extra field. */
    private Arbitrary<String> mutated(Map<String, Arbitrary<String>> valid) {
        List<Arbitrary<String>> members = new ArrayList<>();
        valid.forEach((name, value) -> members.add(Arbitraries.frequencyOf(
                Tuple.of(16, value.map(v -> member(name, v))),
                Tuple.of(3, jsonValue(2).map(v -> member(name, v))),
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(1, Combinators.combine(jsonValue(1), value).as((first, v) ->
                        member(name, first) + "," + member(name, v))))));
        members.add(Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("")),
                Tuple.of(1, Combinators.combine(jsonString(), jsonValue(1)).as(ApiFuzzIT::member))));
        return Combinators.combine(members).as(parts ->
                "{" + String.join(",", parts.stream().filter(p -> !p.isEmpty()).toList()) + "}");
    }

    private static String member(String name, String value) {
        return (name.startsWith("\"") ? name : "\"" + name + "\"") + ":" + value;
    }

    private Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> scalar = Arbitraries.frequencyOf(
                Tuple.of(3, jsonString()), Tuple.of(3, number()), Tuple.of(1, Arbitraries.of("true", "false", "null")));
        if (depth == 0) {
            return scalar;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalar),
                Tuple.of(1, jsonValue(depth - 1).list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]")),
                Tuple.of(1, Combinators.combine(jsonString(), jsonValue(depth - 1)).as(ApiFuzzIT::member)
                        .list().ofMaxSize(3).map(items -> "{" + String.join(",", items) + "}")));
    }

    private static Arbitrary<String> number() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("1.5", "2.0", "-0", "0.0", "1e2", "1E-7", "1e999999999", "-1e999999999",
                        "123456789012345678901234567890123456789", "9223372036854775808", "-2147483649",
                        "0." + "0".repeat(5000) + "1", "9".repeat(3000)));
    }

    /** A JSON string literal: printable, any Unicode (lone surrogates, right-to-left marks, zero widths), escapes, or long. */
    private static Arbitrary<String> jsonString() {
        Arbitrary<String> content = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().alpha().numeric().withChars("-_ .@").ofMaxLength(30)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40).map(ApiFuzzIT::escaped)),
                Tuple.of(2, Arbitraries.of("\\ud800", "\\udfff\\ud800", "\\u0000", "\u202e\u200b\u200d", "\uD83D\uDE00",
                        "\\\"", "\\\\", "\\n\\t\\r", "MUG-STONEWARE\\u0000", "ｍｕｇ", "2", "1.5", "true", "null",
                        "%2F..%2F", "<html><script>alert(1)</script>")),
                Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(300).ofMaxLength(20_000)));
        return content.map(s -> "\"" + s + "\"");
    }

    /** The string with JSON's required escapes, other characters as they are (lone surrogates included). */
    private static String escaped(String raw) {
        StringBuilder out = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u%04x".formatted((int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(10, 5000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth));
    }

    private static Arbitrary<String> quoted(Arbitrary<String> values) {
        return values.map(v -> "\"" + v + "\"");
    }

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("application/json")),
                Tuple.of(3, Arbitraries.of("application/json;charset=UTF-8", "application/json; charset=ISO-8859-1",
                        "APPLICATION/JSON", "application/problem+json", "application/merge-patch+json", "text/plain",
                        "text/html", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/json;charset=nope", "*/*", "application/",
                        "json", ";;;", "application/json; q=\"")),
                Tuple.of(1, Arbitraries.just((String) null)));
    }

    private static Arbitrary<String> accepts() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just((String) null)),
                Tuple.of(3, Arbitraries.of("*/*", "application/json", "application/problem+json", "text/html",
                        "application/xml", "text/event-stream", "text/plain", "image/png", "text/html;q=0.9, */*;q=0.1",
                        "nonsense", "application/*")));
    }

    private static Arbitrary<String> idempotencyKeys() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just((String) null)),
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(4, Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(140)),
                Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(120).ofMaxLength(5000)),
                Tuple.of(1, Arbitraries.of(" ", "   key   ", "\t")));
    }

    private static Arbitrary<Token> tokens(Endpoint endpoint) {
        return switch (endpoint) {
            case PUT_PRODUCT, ADJUST, REDRIVE -> Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Token.RIGHT)),
                    Tuple.of(1, Arbitraries.of(Token.class)));
            default -> Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Token.NONE)),
                    Tuple.of(1, Arbitraries.of(Token.class)));
        };
    }

    private static Arbitrary<List<String>> paths() {
        Arbitrary<String> odd = Arbitraries.of("%2F", "a%2Fb", "..", ".", "%2e%2e", "%2E", "%252F", "%00", "%20", "~",
                "%C3%A9", "%E2%80%AE", "%F0%9F%98%80", "%FF%FE", ";jsessionid=1", "a;b=c", "%3B", "%5C", "*", "-", "_",
                "MUG-STONEWARE", "mug-stoneware", "FUZZ-1", "events", "items", "checkout", "%7B%7D", "");
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                Tuple.of(4, odd),
                Tuple.of(2, Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as((hi, lo) -> new UUID(hi, lo).toString())),
                Tuple.of(1, Arbitraries.just("{issued}")),
                Tuple.of(1, Arbitraries.strings().alpha().numeric().withChars("-_").ofMinLength(100).ofMaxLength(8000)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(20).map(ApiFuzzIT::encode)));
        Arbitrary<List<String>> known = Arbitraries.of(
                List.of("api", "products"), List.of("api", "products", "*"), List.of("api", "carts"),
                List.of("api", "carts", "*"), List.of("api", "carts", "*", "items"), List.of("api", "carts", "*", "items", "*"),
                List.of("api", "carts", "*", "checkout"), List.of("api", "orders", "*"), List.of("api", "admin", "products", "*"),
                List.of("api", "admin", "inventory", "*", "adjustments"), List.of("api", "ops", "lag"),
                List.of("api", "ops", "dead-letters", "redrive"), List.of("api", "*", "*"), List.of("api", "*", "..", "products"),
                List.of("api", "", "carts"), List.of("api", "orders", "not-an-order", "events"));
        return Combinators.combine(known, segment.list().ofMinSize(5).ofMaxSize(5)).as((template, fill) -> {
            List<String> path = new ArrayList<>();
            int next = 0;
            for (String part : template) {
                path.add(part.equals("*") ? fill.get(next++) : part);
            }
            return path;
        });
    }

    private static String encode(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " chars)";
    }
}
