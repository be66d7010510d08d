package dev.orderpipeline.storefrontclient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.storefrontclient.FakeStorefront.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.orderpipeline.storefrontclient.FakeStorefront.json;
import static dev.orderpipeline.storefrontclient.FakeStorefront.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class StorefrontClientTest {

    private static final UUID ORDER = UUID.fromString("7a1c7f4e-5a57-4a55-9d0e-0d3c2b1a0f00");

    private final FakeStorefront server = new FakeStorefront();
    private final StorefrontClient api = new StorefrontClient(server.url(), Duration.ofSeconds(5));

    StorefrontClientTest() throws IOException {
    }

    @AfterEach
    void close() {
        api.close();
        server.close();
    }

    @Test
    void aCheckoutSendsItsJsonAndKeyAndReturnsTheOrder() {
        server.on("/api/carts", json(201, "{\"cartId\":\"c-1\"}"))
                .on("/api/carts/c-1/items", json(202, "{}"))
                .on("/api/carts/c-1/checkout", json(202, "{\"orderId\":\"" + ORDER + "\"}"));

        String cart = api.createCart();
        api.addItem(cart, "SKU-1", 2);
        StorefrontClient.Accepted accepted = api.checkout(cart, "key-1", "a@load.example", "A");

        assertThat(accepted.orderId()).isEqualTo(ORDER);
        assertThat(accepted.nanos()).isPositive();
        List<Request> requests = server.requests();
        assertThat(requests).extracting(Request::method).containsOnly("POST");
        assertThat(requests.get(1).body()).isEqualTo("{\"sku\":\"SKU-1\",\"quantity\":2}");
        assertThat(requests.get(1).headers()).containsEntry("content-type", "application/json");
        assertThat(requests.get(2).body()).isEqualTo("{\"customer\":{\"email\":\"a@load.example\",\"name\":\"A\"}}");
        assertThat(requests.get(2).headers()).containsEntry("idempotency-key", "key-1");
    }

    @Test
    void theAdminCallsGoToTheOperatorsServiceWithTheTokenAndTheirJson() throws IOException {
        try (FakeStorefront ops = new FakeStorefront()) {
            ops.on("/api/admin/products/SKU-1", json(202, "{}")).on("/api/admin/inventory/SKU-1/adjustments", json(202, "{}"))
                    .on("/api/ops/dead-letters/redrive", json(200, "{}"));
            List<StorefrontClient.Service> answeredBy = new java.util.concurrent.CopyOnWriteArrayList<>();

            try (StorefrontClient admin = new StorefrontClient(server.url(), ops.url(), Duration.ofSeconds(5), "token-1",
                    (service, method, path, reply) -> answeredBy.add(service))) {
                admin.putProduct("SKU-1", "Mug \"big\"", "", 1450, "EUR");
                admin.adjustStock("SKU-1", 5, "restock");
                assertThat(admin.redrive("{\"topic\":\"catalog.v1.dlt\"}").status()).isEqualTo(200);
                admin.send("GET", "/api/products", null, Map.of());
            }

            List<Request> requests = ops.requests();
            assertThat(requests).extracting(Request::method).containsExactly("PUT", "POST", "POST");
            assertThat(requests.get(0).body())
                    .isEqualTo("{\"name\":\"Mug \\\"big\\\"\",\"description\":\"\",\"priceCents\":1450,\"currency\":\"EUR\"}");
            assertThat(requests.get(1).body()).isEqualTo("{\"delta\":5,\"reason\":\"restock\"}");
            assertThat(requests).allSatisfy(request -> assertThat(request.headers())
                    .containsEntry("authorization", "Bearer token-1").containsEntry("content-type", "application/json"));
            assertThat(server.requests()).as("the storefront got the shop's call only").singleElement()
                    .satisfies(request -> assertThat(request.method()).isEqualTo("GET"));
            assertThat(answeredBy).containsExactly(StorefrontClient.Service.OPS, StorefrontClient.Service.OPS,
                    StorefrontClient.Service.OPS, StorefrontClient.Service.STOREFRONT);
        }
    }

    @Test
    void theStockOfANewProductIsAdjustedOnceTheOperatorsServiceKnowsIt() throws IOException {
        try (FakeStorefront ops = new FakeStorefront()) {
            ops.on("/api/admin/inventory/NEW-1/adjustments", json(404, "{}"), json(404, "{}"), json(202, "{}"));
            try (StorefrontClient admin = new StorefrontClient(server.url(), ops.url(), Duration.ofSeconds(5), "t")) {
                admin.adjustStockOfNewProduct("NEW-1", 5, "first stock", Duration.ofSeconds(10));
            }
            assertThat(ops.requests()).hasSize(3);
        }
        try (FakeStorefront ops = new FakeStorefront()) {
            ops.on("/api/admin/inventory/NEW-2/adjustments", json(409, "{}"));
            try (StorefrontClient admin = new StorefrontClient(server.url(), ops.url(), Duration.ofSeconds(5), "t")) {
                assertThat(catchThrowable(() -> admin.adjustStockOfNewProduct("NEW-2", -5, "r", Duration.ofSeconds(10))))
                        .as("only a 404 is tried again").isInstanceOf(Failure.class).hasMessage("restock 409");
            }
            assertThat(ops.requests()).hasSize(1);
        }
    }

    @Test
    void aShoppersClientMakesNoAdminCall() {
        assertThat(catchThrowable(() -> api.adjustStock("SKU-1", 1, "restock")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ops-api");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aRawRequestGoesAsItIsAndAnyAnswerComesBack() {
        server.on("/api/carts/c-1/items", json(400, "{\"status\":400}"));

        Reply reply = api.send("PATCH", "/api/carts/c-1/items", "not json", Map.of("Content-Type", "text/plain"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.body().path("status").asInt()).isEqualTo(400);
        Request request = server.requests().getFirst();
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.body()).isEqualTo("not json");
        assertThat(request.headers()).containsEntry("content-type", "text/plain").doesNotContainKey("authorization");
    }

    @Test
    void oneConnectionServesRequestAfterRequest() {
        server.on("/api/products", json(200, "[{\"sku\":\"A\",\"available\":3},{\"sku\":\"B\",\"available\":0}]"));

        for (int i = 0; i < 5; i++) {
            assertThat(api.products()).containsExactly(new StorefrontClient.Product("A", 3), new StorefrontClient.Product("B", 0));
        }

        assertThat(server.requests()).extracting(Request::clientPort).hasSize(5).containsOnly(
                server.requests().getFirst().clientPort());
    }

    @Test
    void a503IsAnErrorThatPausesAsRetryAfterAsksAtMostFiveSeconds() {
        server.on("/api/carts", status(503, Map.of("Retry-After", "3")), status(503, Map.of("Retry-After", "60")),
                status(503, Map.of()));

        assertThat(failure(api::createCart)).isEqualTo(new Kind("create-cart 503", Duration.ofSeconds(3)));
        assertThat(failure(api::createCart)).isEqualTo(new Kind("create-cart 503", Duration.ofSeconds(5)));
        assertThat(failure(api::createCart)).isEqualTo(new Kind("create-cart 503", Duration.ofSeconds(1)));
    }

    @Test
    void otherStatusesAndBodiesAreErrorsWithoutAPause() {
        server.on("/api/carts", json(500, "{}"), json(201, "not json"), json(201, "{\"cartId\":\"\"}"));

        assertThat(failure(api::createCart)).isEqualTo(new Kind("create-cart 500", Duration.ZERO));
        assertThat(failure(api::createCart)).isEqualTo(new Kind("create-cart unexpected body", Duration.ZERO));
        assertThat(failure(api::createCart)).isEqualTo(new Kind("create-cart unexpected body", Duration.ZERO));
    }

    @Test
    void theOrderIsAnsweredWhileItIsUnknownAndOtherwiseAnError() {
        server.on("/api/orders/" + ORDER, json(404, "{}"), json(200, "{\"status\":\"PENDING\"}"), json(500, "{}"));

        assertThat(api.order(ORDER, Duration.ofSeconds(1)).status()).isEqualTo(404);
        assertThat(api.order(ORDER, Duration.ofSeconds(1)).body().path("status").asString()).isEqualTo("PENDING");
        assertThat(failure(() -> api.order(ORDER, Duration.ofSeconds(1))).kind()).isEqualTo("order-status 500");
    }

    @Test
    void noAnswerInTimeIsATimeout() {
        server.on("/api/products", server.hold());
        try (StorefrontClient impatient = new StorefrontClient(server.url(), Duration.ofMillis(200))) {
            assertThat(failure(impatient::products)).isEqualTo(new Kind("products timeout", Duration.ZERO));
        }
    }

    @Test
    void aRefusedConnectionIsAConnectionErrorThatPausesAMoment() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (StorefrontClient nobody = new StorefrontClient(URI.create("http://localhost:" + closedPort), Duration.ofSeconds(1))) {
            assertThat(failure(nobody::createCart))
                    .isEqualTo(new Kind("create-cart connection error", Duration.ofMillis(100)));
        }
    }

    private record Kind(String kind, Duration pause) {
    }

    private static Kind failure(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(Failure.class);
        Failure failure = (Failure) thrown;
        return new Kind(failure.kind(), failure.pause());
    }
}
