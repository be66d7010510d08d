package dev.orderpipeline.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * A server-sent events client over real HTTP (java.net.http): reads the stream on a virtual thread,
 * collecting the events, and notes when the server ends it.
 */
final class SseStream implements AutoCloseable {

    record Event(String name, String data, String retry) {
        JsonNode json() {
            return Api.JSON.readTree(data);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpResponse<Stream<String>> response;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private volatile boolean ended;

    private SseStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread.ofVirtual().name("sse-reader").start(this::read);
    }

    static SseStream open(String url) {
        try {
            return new SseStream(HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String name = null;
        String retry = null;
        List<String> data = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                synchronized (body) {
                    body.append(line).append('\n');
                }
                if (line.isEmpty()) {
                    if (!data.isEmpty() || name != null) {
                        events.add(new Event(name == null ? "message" : name, String.join("\n", data), retry));
                    }
                    name = null;
                    retry = null;
                    data.clear();
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "event" -> name = value;
                        case "data" -> data.add(value);
                        case "retry" -> retry = value;
                        default -> { }
                    }
                }
            }
        } catch (RuntimeException e) {
            // closed by us, or the connection broke: either way the stream has ended
        } finally {
            ended = true;
        }
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    java.util.Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<String> comments() {
        return List.copyOf(comments);
    }

    /** Everything read so far, as text (for a problem+json answer, its body). */
    String body() {
        synchronized (body) {
            return body.toString();
        }
    }

    boolean ended() {
        return ended;
    }

    /** Goes away like a browser tab that is closed. */
    @Override
    public void close() {
        response.body().close();
    }
}
