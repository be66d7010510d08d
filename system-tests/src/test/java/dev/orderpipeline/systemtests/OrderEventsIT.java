package dev.orderpipeline.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /api/orders/{id}/events} through real HTTP against the running pipeline. */
class OrderEventsIT {

    private static final Duration STREAM_END = Duration.ofSeconds(30);

    private final Api api = Pipeline.api();

    @Test
    void aPendingOrderStreamsItsStatusToEveryWatcherThenTheFinalStatusAndEnds() {
        // The stream's first event is PENDING, and every watcher of this storefront shares one
        // poller; a watcher that goes away is dropped while the others carry on.
        LocalStack stack = Pipeline.stack();
        String sku = Skus.unique("STREAM");
        api.createProduct(sku, 990, 5);
        UUID orderId;
        List<SseStream> watchers = new ArrayList<>();
        // With the inventory worker away, the order stays PENDING until it is back.
        stack.inventoryWorker().stop(Duration.ofSeconds(20));
        try {
            orderId = api.order(CheckoutIT.lines(sku, 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/orders/" + orderId).status() == 200);
            long before = streams();
            for (int i = 0; i < 3; i++) {
                watchers.add(SseStream.open(api.client(), "/api/orders/" + orderId + "/events"));
            }
            SseStream leaver = SseStream.open(api.client(), "/api/orders/" + orderId + "/events");
            for (SseStream watcher : watchers) {
                assertThat(watcher.status()).isEqualTo(200);
                assertThat(watcher.contentType()).startsWith("text/event-stream");
                await().atMost(Duration.ofSeconds(10)).until(() -> !watcher.events().isEmpty());
                SseStream.Event first = watcher.events().getFirst();
                assertThat(first.name()).isEqualTo("status");
                assertThat(first.json().path("status").asString()).isEqualTo("PENDING");
                assertThat(first.json()).isEqualTo(api.get("/api/orders/" + orderId).body());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !leaver.events().isEmpty());
            assertThat(streams()).isEqualTo(before + 4);
            // A client that goes away is forgotten, noticed at the next write: the heartbeat
            // comment (every 2 s in the tests: STOREFRONT_ORDEREVENTS_HEARTBEAT).
            leaver.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> streams() == before + 3);
        } finally {
            stack.inventoryWorker().start();
            stack.awaitReady(stack.inventoryWorker());
        }

        JsonNode order = api.awaitFinal(orderId);
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        for (SseStream watcher : watchers) {
            await().atMost(STREAM_END).until(watcher::ended);
            List<SseStream.Event> events = watcher.events();
            assertThat(events).extracting(SseStream.Event::name).containsOnly("status");
            assertThat(events).extracting(e -> e.json().path("status").asString()).containsExactly("PENDING", "CONFIRMED");
            assertThat(events.getLast().json()).as("the last event is the order as GET answers it").isEqualTo(order);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> streams() == 0);
    }

    @Test
    void aFinalOrderGetsItsStatusOnceAndTheStreamEndsAtOnce() {
        String sku = Skus.unique("STREAMED");
        api.createProduct(sku, 450, 3);
        UUID orderId = api.order(CheckoutIT.lines(sku, 1));
        JsonNode order = api.awaitFinal(orderId);

        try (SseStream stream = SseStream.open(api.client(), "/api/orders/" + orderId + "/events")) {
            await().atMost(STREAM_END).until(stream::ended);
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("X-Accel-Buffering")).as("no proxy buffering").hasValue("no");
            assertThat(stream.events()).hasSize(1);
            assertThat(stream.events().getFirst().name()).isEqualTo("status");
            assertThat(stream.events().getFirst().json()).isEqualTo(order);
        }

        String rejected = Skus.unique("STREAMREJ");
        api.createProduct(rejected, 450, 1);
        UUID rejectedId = api.order(CheckoutIT.lines(rejected, 2));
        api.awaitFinal(rejectedId);
        try (SseStream stream = SseStream.open(api.client(), "/api/orders/" + rejectedId + "/events")) {
            await().atMost(STREAM_END).until(stream::ended);
            assertThat(stream.events()).singleElement()
                    .extracting(e -> e.json().path("reason").asString()).isEqualTo("OUT_OF_STOCK: " + rejected);
        }
    }

    @Test
    void anUnknownOrderIs404ProblemJson() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            try (SseStream stream = SseStream.open(api.client(), "/api/orders/" + id + "/events")) {
                assertThat(stream.status()).as(id).isEqualTo(404);
                assertThat(stream.contentType()).as(id).startsWith("application/problem+json");
                await().atMost(STREAM_END).until(stream::ended);
                JsonNode problem = Api.JSON.readTree(stream.body());
                assertThat(problem.path("status").asInt()).isEqualTo(404);
                assertThat(problem.path("type").asString()).isEqualTo("about:blank");
                assertThat(problem.path("detail").asString()).contains("unknown order");
            }
        }
    }

    /** Open order streams on the storefront, from its metrics. */
    private long streams() {
        String metrics = api.get("/actuator/prometheus").bodyText();
        return metrics.lines().filter(line -> line.startsWith("storefront_order_streams{"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no storefront_order_streams metric"));
    }
}
