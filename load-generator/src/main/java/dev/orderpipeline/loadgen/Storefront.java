package dev.orderpipeline.loadgen;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storefront's REST API (see API.md) as the shoppers use it. Every call either returns what
 * the contract promises or throws a {@link Failure} naming the endpoint and what went wrong.
 * Apache HttpClient's classic (blocking) client on the shoppers' own threads, over a pool of
 * keep-alive HTTP/1.1 connections.
 */
final class Storefront implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration AFTER_CONNECTION_ERROR = Duration.ofMillis(100);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);
    private static final ContentType JSON_TYPE = ContentType.create("application/json");

    /** A response: its status, body (JSON, parsed when asked for), Retry-After header and how long it took. */
    record Reply(int status, byte[] content, String retryAfter, long nanos) {

        /** The body as JSON; a missing node when it is empty or not JSON. */
        JsonNode body() {
            return parse(content);
        }

        /** Top-level string fields of the body (see {@link JsonFields#of(byte[], String...)}). */
        String[] fields(String... names) {
            return JsonFields.of(content, names);
        }
    }

    /** Reads an event stream's response; {@code abandon} closes its connection at once, leaving the rest unread. */
    @FunctionalInterface
    interface StreamReader<T> {
        T read(ClassicHttpResponse response, Cancellable abandon) throws IOException;
    }

    record Product(String sku, long available) {
    }

    record Accepted(UUID orderId, long nanos) {
    }

    private final String base;
    private final RequestConfig defaults;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService alarms;

    Storefront(URI base, Duration requestTimeout) {
        this.base = base.toString().replaceAll("/+$", "");
        this.defaults = RequestConfig.custom().setResponseTimeout(Timeout.of(requestTimeout))
                .setConnectionRequestTimeout(Timeout.of(requestTimeout)).setProtocolUpgradeEnabled(false).build();
        this.http = client(defaults);
        this.alarms = alarms();
    }

    /**
     * No retries, redirects, cookies, compression or protocol upgrade (the JDK client did none of
     * them either); as many connections as the shoppers use at once, kept alive between requests.
     */
    private static CloseableHttpClient client(RequestConfig defaults) {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(Integer.MAX_VALUE).setMaxConnPerRoute(Integer.MAX_VALUE)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_TIMEOUT).build())
                .build();
        return HttpClients.custom().setConnectionManager(connections)
                .setDefaultRequestConfig(defaults)
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                .disableContentCompression().disableAuthCaching().build();
    }

    /** One thread that cancels requests at their deadline (see {@link #stream}). */
    private static ScheduledExecutorService alarms() {
        var alarms = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("load-deadlines").factory());
        alarms.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(alarms);
    }

    List<Product> products() {
        JsonNode body = expect("products", send("products", get("/api/products")), 200).body();
        if (!body.isArray()) {
            throw new Failure("products unexpected body");
        }
        List<Product> products = new ArrayList<>();
        for (JsonNode product : body) {
            products.add(new Product(text(product, "sku", "products"), product.path("available").asLong()));
        }
        return products;
    }

    void product(String sku) {
        Reply reply = expect("product", send("product", get("/api/products/" + sku)), 200);
        field(reply, "sku", "product");
    }

    String createCart() {
        Reply reply = expect("create-cart", send("create-cart", post("/api/carts", null)), 201);
        return field(reply, "cartId", "create-cart");
    }

    void addItem(String cartId, String sku, int quantity) {
        String body = "{\"sku\":" + JsonFields.quote(sku) + ",\"quantity\":" + quantity + "}";
        expect("add-item", send("add-item", post("/api/carts/" + cartId + "/items", body)), 202);
    }

    Accepted checkout(String cartId, String idempotencyKey, String email, String name) {
        String body = "{\"customer\":{\"email\":" + JsonFields.quote(email) + ",\"name\":" + JsonFields.quote(name)
                + "}}";
        HttpPost request = post("/api/carts/" + cartId + "/checkout", body);
        request.addHeader("Idempotency-Key", idempotencyKey);
        Reply reply = expect("checkout", send("checkout", request), 202);
        String orderId = field(reply, "orderId", "checkout");
        try {
            return new Accepted(UUID.fromString(orderId), reply.nanos());
        } catch (IllegalArgumentException e) {
            throw new Failure("checkout unexpected body");
        }
    }

    /** The order as {@code GET /api/orders/{id}} answers it: 200, or 404 while it is not known yet. */
    Reply order(UUID orderId, Duration timeout) {
        HttpGet request = get("/api/orders/" + orderId);
        request.setConfig(RequestConfig.copy(defaults).setResponseTimeout(Timeout.of(timeout)).build());
        Reply reply = send("order-status", request);
        if (reply.status() != 200 && reply.status() != 404) {
            throw failure("order-status", reply);
        }
        return reply;
    }

    void adjustStock(String sku, long delta, String adminToken) {
        String body = "{\"delta\":" + delta + ",\"reason\":\"load test\"}";
        HttpPost request = post("/api/admin/inventory/" + sku + "/adjustments", body);
        request.addHeader("Authorization", "Bearer " + adminToken);
        expect("restock", send("restock", request), 202);
    }

    /**
     * {@code GET path} as an event stream, its response handed to {@code reader}. Whatever the reader
     * leaves unread is read to the end afterwards, so the connection goes back to the pool, unless it
     * abandoned the stream. At {@code deadline} (nanoTime) the request is cancelled wherever it is:
     * its connection is closed, and the reader's read, or this call, fails with an IOException.
     */
    <T> T stream(String path, long deadline, StreamReader<T> reader) throws IOException {
        HttpGet request = get(path);
        request.addHeader("Accept", "text/event-stream");
        long remaining = deadline - System.nanoTime();
        request.setConfig(RequestConfig.copy(defaults)
                .setResponseTimeout(Timeout.of(Math.max(1, remaining), TimeUnit.NANOSECONDS)).build());
        ScheduledFuture<?> alarm = alarms.schedule(request::cancel, remaining, TimeUnit.NANOSECONDS);
        try {
            return http.execute(request, response -> reader.read(response, request));
        } finally {
            alarm.cancel(false);
        }
    }

    Reply send(String endpoint, HttpUriRequestBase request) {
        long start = System.nanoTime();
        try {
            return http.execute(request, response -> reply(response, start));
        } catch (ConnectTimeoutException e) {
            throw new Failure(endpoint + " connection error", AFTER_CONNECTION_ERROR);
        } catch (SocketTimeoutException e) {
            throw new Failure(endpoint + " timeout");
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Failure(endpoint + " interrupted");
            }
            throw new Failure(endpoint + " connection error", AFTER_CONNECTION_ERROR);
        }
    }

    @Override
    public void close() {
        alarms.shutdownNow();
        try {
            http.close();
        } catch (IOException e) {
            // closing pooled connections to a server that went away: nothing left to do
        }
    }

    static Failure failure(String endpoint, Reply reply) {
        return new Failure(endpoint + " " + reply.status(), retryAfter(reply));
    }

    static String text(JsonNode node, String field, String endpoint) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.asString().isEmpty()) {
            throw new Failure(endpoint + " unexpected body");
        }
        return value.asString();
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private HttpGet get(String path) {
        return new HttpGet(uri(path));
    }

    private HttpPost post(String path, String json) {
        HttpPost request = new HttpPost(uri(path));
        if (json != null) {
            request.setEntity(new ByteArrayEntity(json.getBytes(StandardCharsets.UTF_8), JSON_TYPE));
        }
        return request;
    }

    /** The reply's top-level string field {@code name}, which must not be empty. */
    private static String field(Reply reply, String name, String endpoint) {
        String[] fields = reply.fields(name);
        if (fields == null || fields[0] == null || fields[0].isEmpty()) {
            throw new Failure(endpoint + " unexpected body");
        }
        return fields[0];
    }

    private static Reply reply(ClassicHttpResponse response, long start) throws IOException {
        HttpEntity entity = response.getEntity();
        byte[] content = entity == null ? new byte[0] : EntityUtils.toByteArray(entity);
        Header retryAfter = response.getFirstHeader("Retry-After");
        return new Reply(response.getCode(), content, retryAfter == null ? null : retryAfter.getValue(),
                System.nanoTime() - start);
    }

    private static Reply expect(String endpoint, Reply reply, int status) {
        if (reply.status() != status) {
            throw failure(endpoint, reply);
        }
        return reply;
    }

    private static Duration retryAfter(Reply reply) {
        if (reply.status() != 503) {
            return Duration.ZERO;
        }
        try {
            long seconds = Long.parseLong(reply.retryAfter() == null ? "1" : reply.retryAfter().strip());
            Duration asked = Duration.ofSeconds(Math.max(0, seconds));
            return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            // not JSON: every field lookup then finds nothing, which the callers report as an unexpected body
            return JSON.missingNode();
        }
    }
}
