package dev.orderpipeline.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.orderpipeline.localstack.LocalStack;
import dev.orderpipeline.storefrontclient.Reply;
import dev.orderpipeline.testkit.JavaProcess;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A checkout's trace in the stack's Zipkin: one trace per order, across the three services, hop
 * after hop, while the workers handle several orders in one batch.
 */
class TracingIT {

    private static final int ORDERS = 6;

    private final Api api = Pipeline.api();
    private final LocalStack stack = Pipeline.stack();
    private final HttpClient http = HttpClient.newHttpClient();

    /** A span as Zipkin's v2 API gives it (Zipkin lower-cases span and service names). */
    record Span(String id, String parentId, String service, String name, long timestamp, Map<String, String> tags) {

        static Span of(JsonNode json) {
            Map<String, String> tags = new HashMap<>();
            json.path("tags").properties().forEach(tag -> tags.put(tag.getKey(), tag.getValue().asString()));
            return new Span(json.path("id").asString(), json.path("parentId").asString(null),
                    json.path("localEndpoint").path("serviceName").asString(), json.path("name").asString(),
                    json.path("timestamp").asLong(), tags);
        }
    }

    @Test
    void aCheckoutIsOneTraceFromTheRequestToTheConfirmationWithTheOrderIdOnItsSpans() throws Exception {
        String sku = Skus.unique("TRACED");
        api.createProduct(sku, 700, 100);

        List<UUID> orders = new ArrayList<>();
        Reply first;
        try (ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<UUID>> placed = new ArrayList<>();
            for (int i = 1; i < ORDERS; i++) {
                placed.add(shoppers.submit(() -> api.order(Map.of(sku, 1))));
            }
            UUID cart = api.openCart();
            api.addItem(cart, sku, 2);
            first = api.checkout(cart, "traced-" + cart);
            assertThat(first.status()).isEqualTo(202);
            orders.add(UUID.fromString(first.text("orderId")));
            for (Future<UUID> order : placed) {
                orders.add(order.get());
            }
        }
        orders.forEach(order -> assertThat(api.awaitFinal(order).path("status").asString()).isEqualTo("CONFIRMED"));
        String firstTrace = first.header("X-Trace-Id").orElseThrow();
        assertThat(first.header("X-Trace-Url")).as("the order page's link")
                .contains(stack.zipkinUrl().orElseThrow().replace("127.0.0.1", "localhost") + "/zipkin/traces/" + firstTrace);

        for (UUID order : orders) {
            List<Span> trace = awaitTraceOf(order);

            assertThat(trace).extracting(Span::service).contains("storefront-api", "order-processor", "inventory-worker");
            assertThat(trace).as("a trace holds one order").allSatisfy(span ->
                    assertThat(span.tags().getOrDefault("order.id", order.toString())).isEqualTo(order.toString()));
            Span checkout = single(trace, "storefront-api", "http post /api/carts/{cartid}/checkout");
            Span placing = single(trace, "order-processor", "handle checkoutrequested");
            Span holding = single(trace, "inventory-worker", "handle orderplaced");
            Span deciding = single(trace, "order-processor", "handle stockreserved");
            Span selling = single(trace, "inventory-worker", "handle orderconfirmed");
            List<Span> hops = List.of(checkout, placing, holding, deciding, selling);
            for (int i = 1; i < hops.size(); i++) {
                assertThat(ancestors(trace, hops.get(i))).as("%s caused by %s", hops.get(i).name(), hops.get(i - 1).name())
                        .contains(hops.get(i - 1));
                assertThat(hops.get(i).timestamp()).isGreaterThanOrEqualTo(hops.get(i - 1).timestamp());
            }
            assertThat(hops).allSatisfy(span -> assertThat(span.tags()).containsEntry("order.id", order.toString()));

            String traceId = traceIdOf(order);
            if (order.equals(orders.getFirst())) {
                assertThat(traceId).as("the trace the checkout's response names").isEqualTo(firstTrace);
            }
            for (JavaProcess service : List.of(stack.storefront(), stack.orderProcessor(), stack.inventoryWorker())) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(Files.readString(service.logFile())).as(service.name() + "'s log").contains(traceId));
            }
        }
    }

    @Test
    void noTraceOfTheWorkersMixesTwoOrders() throws Exception {
        String sku = Skus.unique("MIXED");
        api.createProduct(sku, 300, 100);
        List<UUID> orders = new ArrayList<>();
        try (ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<UUID>> placed = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                placed.add(shoppers.submit(() -> api.order(Map.of(sku, 1))));
            }
            for (Future<UUID> order : placed) {
                orders.add(order.get());
            }
        }
        orders.forEach(api::awaitFinal);
        orders.forEach(this::awaitTraceOf);

        for (String service : List.of("order-processor", "inventory-worker")) {
            JsonNode traces = zipkin("/api/v2/traces?limit=1000&serviceName=" + service);
            assertThat(traces.size()).isPositive();
            for (JsonNode trace : traces) {
                Set<String> orderIds = new HashSet<>();
                for (JsonNode span : trace) {
                    String orderId = span.path("tags").path("order.id").asString(null);
                    if (orderId != null) {
                        orderIds.add(orderId);
                    }
                }
                assertThat(orderIds).as("orders in trace %s", trace.path(0).path("traceId").asString()).hasSizeLessThan(2);
            }
        }
    }

    /** The order's one trace, once its last hop (the sale of its units) has arrived in Zipkin. */
    private List<Span> awaitTraceOf(UUID order) {
        List<List<Span>> traces = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            traces.clear();
            for (JsonNode trace : zipkin("/api/v2/traces?limit=10&annotationQuery="
                    + URLEncoder.encode("order.id=" + order, StandardCharsets.UTF_8))) {
                List<Span> spans = new ArrayList<>();
                trace.forEach(span -> spans.add(Span.of(span)));
                traces.add(spans);
            }
            assertThat(traces).hasSize(1);
            // each service sends its spans in batches of its own (every few seconds): wait for all five hops
            assertThat(traces.getFirst()).extracting(Span::name).contains("http post /api/carts/{cartid}/checkout",
                    "handle checkoutrequested", "handle orderplaced", "handle stockreserved", "handle orderconfirmed");
        });
        return traces.getFirst();
    }

    private String traceIdOf(UUID order) {
        return zipkin("/api/v2/traces?limit=10&annotationQuery="
                + URLEncoder.encode("order.id=" + order, StandardCharsets.UTF_8)).path(0).path(0).path("traceId").asString();
    }

    private static Span single(List<Span> trace, String service, String name) {
        List<Span> matching = trace.stream().filter(span -> span.service().equals(service) && span.name().equals(name))
                .toList();
        assertThat(matching).as("%s's span %s in %s", service, name, trace).hasSize(1);
        return matching.getFirst();
    }

    private static List<Span> ancestors(List<Span> trace, Span span) {
        Map<String, Span> byId = new HashMap<>();
        trace.forEach(s -> byId.putIfAbsent(s.id(), s));
        List<Span> ancestors = new ArrayList<>();
        for (Span parent = byId.get(span.parentId()); parent != null; parent = byId.get(parent.parentId())) {
            ancestors.add(parent);
        }
        return ancestors;
    }

    private JsonNode zipkin(String path) {
        URI uri = URI.create(stack.zipkinUrl().orElseThrow() + path);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(uri + ": " + response.body()).isEqualTo(200);
            return Api.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
