package dev.orderpipeline.storefrontclient;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's REST API (see API.md) as its clients use it: the load generator's shoppers, the
 * fault proof, the benchmark and the end-to-end tests. The shop's calls go to the storefront, the
 * admin calls (products, stock, the redrive) to the operators' service, ops-api, at a base URL of its
 * own. Every typed call either returns what the contract promises or throws a {@link Failure} naming
 * the endpoint and what went wrong; {@link #send} and {@link #sendOps} send any request as it is, for
 * tests of what the API refuses. Apache HttpClient's
 * classic (blocking) client on the callers' own threads, over a pool of keep-alive HTTP/1.1
 * connections.
 */
public final class StorefrontClient implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration AFTER_CONNECTION_ERROR = Duration.ofMillis(100);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);
    private static final ContentType JSON_TYPE = ContentType.create("application/json");

    /** Reads an event stream's response; {@code abandon} closes its connection at once, leaving the rest unread. */
    @FunctionalInterface
    public interface StreamReader<T> {
        T read(ClassicHttpResponse response, Cancellable abandon) throws IOException;
    }

    /** Which service a request goes to. */
    public enum Service {
        /** storefront-api: catalog, carts, checkout, orders. */
        STOREFRONT,
        /** ops-api: the admin calls, the redrive, the consumer lag. */
        OPS
    }

    /** Told of every answer the client reads whole, with the request it answers; e.g. to check it against the contract. */
    @FunctionalInterface
    public interface AnswerListener {
        AnswerListener NONE = (service, method, path, reply) -> { };

        /** @param path the request's path and query, as sent to {@code service} */
        void answered(Service service, String method, String path, Reply reply);
    }

    public record Product(String sku, long available) {
    }

    public record Accepted(UUID orderId, long nanos) {
    }

    /**
     * A response whose body is read as it arrives (an event stream): closing it closes its
     * connection at once, however much of the body is left.
     */
    public record OpenResponse(int status, Reply head, InputStream body, Cancellable request) implements AutoCloseable {

        @Override
        public void close() {
            request.cancel();
            closeQuietly(body);
        }
    }

    private final String base;
    private final String opsBase;
    private final String adminToken;
    private final RequestConfig defaults;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService alarms;
    private final AnswerListener listener;

    /** A shopper's client: no admin calls. */
    public StorefrontClient(URI base, Duration requestTimeout) {
        this(base, null, requestTimeout, null);
    }

    /**
     * @param opsBase    the operators' service (ops-api), where the admin calls go; null for a client that makes none
     * @param adminToken the operators' bearer token of the admin calls; null for a client that uses none
     */
    public StorefrontClient(URI base, URI opsBase, Duration requestTimeout, String adminToken) {
        this(base, opsBase, requestTimeout, adminToken, AnswerListener.NONE);
    }

    /**
     * @param listener told of each answer read whole (not of the event streams of {@link #open} and
     *                 {@link #orderEvents}, which their readers see); what it throws, the call throws
     */
    public StorefrontClient(URI base, URI opsBase, Duration requestTimeout, String adminToken,
                            AnswerListener listener) {
        this.listener = listener;
        this.base = withoutTrailingSlash(base);
        this.opsBase = opsBase == null ? null : withoutTrailingSlash(opsBase);
        this.adminToken = adminToken;
        this.defaults = RequestConfig.custom().setResponseTimeout(Timeout.of(requestTimeout))
                .setConnectionRequestTimeout(Timeout.of(requestTimeout)).setProtocolUpgradeEnabled(false).build();
        this.http = client(defaults);
        this.alarms = alarms();
    }

    /**
     * No retries, redirects, cookies, compression or protocol upgrade: each call is the one request
     * its caller sends; as many connections as the callers use at once, kept alive between requests.
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

    /** One thread that cancels requests at their deadline (see {@link #orderEvents}). */
    private static ScheduledExecutorService alarms() {
        var alarms = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("storefront-deadlines").factory());
        alarms.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(alarms);
    }

    public List<Product> products() {
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

    public Product product(String sku) {
        Reply reply = expect("product", send("product", get("/api/products/" + sku)), 200);
        return new Product(field(reply, "sku", "product"), reply.body().path("available").asLong());
    }

    public String createCart() {
        Reply reply = expect("create-cart", send("create-cart", post("/api/carts", null)), 201);
        return field(reply, "cartId", "create-cart");
    }

    public void addItem(String cartId, String sku, int quantity) {
        String body = "{\"sku\":" + JsonFields.quote(sku) + ",\"quantity\":" + quantity + "}";
        expect("add-item", send("add-item", post("/api/carts/" + cartId + "/items", body)), 202);
    }

    public Accepted checkout(String cartId, String idempotencyKey, String email, String name) {
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
    public Reply order(UUID orderId, Duration timeout) {
        HttpGet request = get("/api/orders/" + orderId);
        request.setConfig(RequestConfig.copy(defaults).setResponseTimeout(Timeout.of(timeout)).build());
        Reply reply = send("order-status", request);
        if (reply.status() != 200 && reply.status() != 404) {
            throw failure("order-status", reply);
        }
        return reply;
    }

    /** Creates or updates a product (admin, ops-api). */
    public void putProduct(String sku, String name, String description, long priceCents, String currency) {
        String body = "{\"name\":" + JsonFields.quote(name) + ",\"description\":" + JsonFields.quote(description)
                + ",\"priceCents\":" + priceCents + ",\"currency\":" + JsonFields.quote(currency) + "}";
        HttpPut request = new HttpPut(opsUri("/api/admin/products/" + sku));
        request.setEntity(json(body));
        expect("product-upsert", send("product-upsert", admin(request)), 202);
    }

    /** Adds (or, negative, removes) units of a product's stock (admin, ops-api). */
    public void adjustStock(String sku, long delta, String reason) {
        String body = "{\"delta\":" + delta + ",\"reason\":" + JsonFields.quote(reason) + "}";
        HttpPost request = new HttpPost(opsUri("/api/admin/inventory/" + sku + "/adjustments"));
        request.setEntity(json(body));
        expect("restock", send("restock", admin(request)), 202);
    }

    /**
     * As {@link #adjustStock}, for a product created a moment ago: the storefront shows a new product
     * as soon as its event is on {@code catalog.v1}, but ops-api checks the stock as the inventory
     * worker stored it, and answers 404 until it has; a 404 publishes nothing, so it is tried again,
     * for up to {@code within}.
     */
    public void adjustStockOfNewProduct(String sku, long delta, String reason, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                adjustStock(sku, delta, reason);
                return;
            } catch (Failure failure) {
                if (failure.status() != 404 || System.nanoTime() > deadline) {
                    throw failure;
                }
            }
            try {
                Thread.sleep(AFTER_CONNECTION_ERROR);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("restock interrupted");
            }
        }
    }

    /** Re-drives dead letters (admin, ops-api); the answer whatever its status, for the caller to judge. */
    public Reply redrive(String selection) {
        HttpPost request = new HttpPost(opsUri("/api/ops/dead-letters/redrive"));
        request.setEntity(json(selection));
        return send("redrive", admin(request));
    }

    /**
     * {@code method path} to the storefront with exactly this body (none when null) and these headers,
     * nothing added: for requests the API is meant to refuse. The answer whatever its status.
     */
    public Reply send(String method, String path, String body, Map<String, String> headers) {
        return send(method + " " + path, raw(method, uri(path), body, headers));
    }

    /** As {@link #send}, to the operators' service (ops-api). */
    public Reply sendOps(String method, String path, String body, Map<String, String> headers) {
        return send(method + " " + path, raw(method, opsUri(path), body, headers));
    }

    private static HttpUriRequestBase raw(String method, URI uri, String body, Map<String, String> headers) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), null));
        }
        headers.forEach(request::addHeader);
        return request;
    }

    /** {@code GET path} with these headers, its body left to the caller to read as it arrives. */
    public OpenResponse open(String path, Map<String, String> headers) throws IOException {
        HttpGet request = get(path);
        headers.forEach(request::addHeader);
        ClassicHttpResponse response = http.executeOpen(null, request, null);
        HttpEntity entity = response.getEntity();
        Reply head = new Reply(response.getCode(), response.getHeaders(), new byte[0], 0);
        return new OpenResponse(response.getCode(), head,
                entity == null ? InputStream.nullInputStream() : entity.getContent(), request);
    }

    /**
     * An order's event stream ({@code GET /api/orders/{id}/events}), its response handed to
     * {@code reader}. Whatever the reader leaves unread is read to the end afterwards, so the
     * connection goes back to the pool, unless it abandoned the stream. At {@code deadline}
     * (nanoTime) the request is cancelled wherever it is: its connection is closed, and the
     * reader's read, or this call, fails with an IOException.
     */
    public <T> T orderEvents(UUID orderId, long deadline, StreamReader<T> reader) throws IOException {
        HttpGet request = get("/api/orders/" + orderId + "/events");
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

    private Reply send(String endpoint, HttpUriRequestBase request) {
        long start = System.nanoTime();
        Reply reply;
        try {
            reply = http.execute(request, response -> reply(response, start));
        } catch (ConnectTimeoutException e) {
            throw new Failure(endpoint + " connection error", AFTER_CONNECTION_ERROR, Failure.UNANSWERED);
        } catch (SocketTimeoutException e) {
            throw new Failure(endpoint + " timeout", Duration.ZERO, Failure.UNANSWERED);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Failure(endpoint + " interrupted");
            }
            throw new Failure(endpoint + " connection error", AFTER_CONNECTION_ERROR, Failure.UNANSWERED);
        }
        listener.answered(serviceOf(request), request.getMethod(), request.getRequestUri(), reply);
        return reply;
    }

    @Override
    public void close() {
        alarms.shutdownNow();
        closeQuietly(http);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // a connection closed already, or to a server that went away: nothing left to release
        }
    }

    static Failure failure(String endpoint, Reply reply) {
        return new Failure(endpoint + " " + reply.status(), retryAfter(reply), reply.status());
    }

    private static String text(JsonNode node, String field, String endpoint) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.asString().isEmpty()) {
            throw new Failure(endpoint + " unexpected body");
        }
        return value.asString();
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private URI opsUri(String path) {
        if (opsBase == null) {
            throw new IllegalStateException("this client has no base URL of the operators' service (ops-api)");
        }
        return URI.create(opsBase + path);
    }

    private Service serviceOf(HttpUriRequestBase request) {
        try {
            return opsBase != null && request.getUri().toString().startsWith(opsBase + "/") ? Service.OPS
                    : Service.STOREFRONT;
        } catch (java.net.URISyntaxException e) {
            return Service.STOREFRONT;
        }
    }

    private static String withoutTrailingSlash(URI uri) {
        return uri.toString().replaceAll("/+$", "");
    }

    private HttpGet get(String path) {
        return new HttpGet(uri(path));
    }

    private HttpPost post(String path, String json) {
        HttpPost request = new HttpPost(uri(path));
        if (json != null) {
            request.setEntity(json(json));
        }
        return request;
    }

    private static HttpEntity json(String json) {
        return new ByteArrayEntity(json.getBytes(StandardCharsets.UTF_8), JSON_TYPE);
    }

    private <R extends HttpUriRequestBase> R admin(R request) {
        if (adminToken != null) {
            request.addHeader("Authorization", "Bearer " + adminToken);
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
        return new Reply(response.getCode(), response.getHeaders(), content, System.nanoTime() - start);
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
            long seconds = Long.parseLong(reply.header("Retry-After").orElse("1").strip());
            Duration asked = Duration.ofSeconds(Math.max(0, seconds));
            return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    static JsonNode parse(byte[] body) {
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
