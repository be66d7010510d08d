package dev.orderpipeline.storefrontclient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A storefront stand-in for the tests of the client and of the load generator (the JDK's HTTP server on a free loopback port):
 * each path answers with the next of the answers queued for it (the last one repeats), and every
 * request is recorded. {@link #hold()} is an answer that sends nothing more until the server closes.
 */
public final class FakeStorefront implements AutoCloseable {

    /** What one request gets. */
    @FunctionalInterface
    public interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    /** A request as it arrived: method, path, headers (lower-case names, first value), body and client port. */
    public record Request(String method, String path, Map<String, String> headers, String body, int clientPort) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Queue<Answer>> answers = new ConcurrentHashMap<>();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public FakeStorefront() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/");
    }

    public FakeStorefront on(String path, Answer... queued) {
        answers.put(path, new ConcurrentLinkedQueue<>(List.of(queued)));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public static Answer json(int status, String body) {
        return exchange -> send(exchange, status, "application/json", body);
    }

    public static Answer status(int status, Map<String, String> headers) {
        return exchange -> {
            headers.forEach(exchange.getResponseHeaders()::add);
            send(exchange, status, "text/plain", "");
        };
    }

    /** A text/event-stream of these lines (each ends with a newline), then its end. */
    public static Answer events(String... lines) {
        return exchange -> {
            startEvents(exchange, lines);
            exchange.close();
        };
    }

    /** Holds the request open without answering until the server closes. */
    public Answer hold() {
        return exchange -> awaitClosing();
    }

    /** A text/event-stream of these lines that stays open until the server closes. */
    public Answer eventsThenHold(String... lines) {
        return exchange -> {
            startEvents(exchange, lines);
            awaitClosing();
        };
    }

    /** A text/event-stream of these lines, then a comment every {@code period} until the client or the server closes. */
    public Answer eventsThenHeartbeats(Duration period, String... lines) {
        return exchange -> {
            OutputStream out = startEvents(exchange, lines);
            try {
                while (!awaitClosing(period)) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            }
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(exchange.getRequestMethod(), path, headers, body,
                exchange.getRemoteAddress().getPort()));
        Queue<Answer> queued = answers.get(path);
        if (queued == null) {
            send(exchange, 404, "application/json", "{}");
            return;
        }
        Answer answer = queued.size() > 1 ? queued.poll() : queued.peek();
        answer.answer(exchange);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static OutputStream startEvents(HttpExchange exchange, String... lines) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String line : lines) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        return out;
    }

    private void awaitClosing() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the server closes; false after {@code period}. */
    private boolean awaitClosing(Duration period) {
        try {
            return closing.await(period.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.close();
    }
}
