package dev.orderpipeline.systemtests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orderpipeline.storefrontclient.Reply;
import dev.orderpipeline.storefrontclient.SseParser;
import dev.orderpipeline.storefrontclient.StorefrontClient;
import dev.orderpipeline.storefrontclient.StorefrontClient.OpenResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import tools.jackson.databind.JsonNode;

/**
 * An order's event stream as a browser reads it: the storefront client's open GET, read on a
 * virtual thread through its SSE parser, collecting the events, and noting when the server ends it.
 */
final class SseStream implements AutoCloseable {

    record Event(String name, String data) {
        JsonNode json() {
            return Api.JSON.readTree(data);
        }
    }

    private final OpenResponse response;
    private final String path;
    private boolean checked;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private final SseParser parser = new SseParser(event -> events.add(new Event(event.name(), event.data())));
    private volatile boolean ended;

    private SseStream(OpenResponse response, String path) {
        this.response = response;
        this.path = path;
        Thread.ofVirtual().name("sse-reader").start(this::read);
    }

    static SseStream open(StorefrontClient client, String path) {
        try {
            return new SseStream(client.open(path, Map.of("Accept", "text/event-stream")), path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (body) {
                    body.append(line).append('\n');
                }
                parser.accept(line);
            }
        } catch (IOException | RuntimeException e) {
            // closed by us, or the connection broke: either way the stream has ended
        } finally {
            ended = true;
        }
    }

    int status() {
        return response.status();
    }

    String contentType() {
        return response.head().contentType();
    }

    Optional<String> header(String name) {
        return response.head().header(name);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** Everything read so far, as text (for a problem+json answer, its body). */
    String body() {
        synchronized (body) {
            return body.toString();
        }
    }

    /** Whether the server ended the stream; once it has, what it sent is checked against the contract. */
    boolean ended() {
        if (ended) {
            checkContract();
        }
        return ended;
    }

    /** Goes away like a browser tab that is closed, after what it got is checked against the contract. */
    @Override
    public void close() {
        response.close();
        checkContract();
    }

    /**
     * The stream as an exchange (status, headers, the text read so far), and each event's data as
     * the order {@code GET /api/orders/{id}} answers, which docs/openapi.json says it is.
     */
    private synchronized void checkContract() {
        if (checked || !ContractCheck.enabled()) {
            return;
        }
        checked = true;
        ContractCheck check = ContractCheck.shared();
        check.answered(StorefrontClient.Service.STOREFRONT, "GET", path, new Reply(status(), response.head().headers(),
                body().getBytes(StandardCharsets.UTF_8), 0));
        String order = path.substring(0, path.lastIndexOf("/events"));
        for (Event event : events()) {
            check.answered(StorefrontClient.Service.STOREFRONT, "GET", order, new Reply(200, new Header[] {
                    new BasicHeader("Content-Type", "application/json")}, event.data().getBytes(StandardCharsets.UTF_8), 0));
        }
    }
}
