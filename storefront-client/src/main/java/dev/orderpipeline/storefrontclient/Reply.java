package dev.orderpipeline.storefrontclient;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.hc.core5.http.Header;
import tools.jackson.databind.JsonNode;

/** A response of the storefront: its status, headers, body (parsed when asked for) and how long it took. */
public record Reply(int status, Header[] headers, byte[] content, long nanos) {

    /** The body as JSON; a missing node when it is empty or not JSON. */
    public JsonNode body() {
        return StorefrontClient.parse(content);
    }

    /** The body's top-level field {@code name} as a string ("" when absent). */
    public String text(String name) {
        return body().path(name).asString();
    }

    /** The body as it came, as text. */
    public String bodyText() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** Top-level string fields of the body (see {@link JsonFields#of(byte[], String...)}). */
    public String[] fields(String... names) {
        return JsonFields.of(content, names);
    }

    /** The first value of the header {@code name}. */
    public Optional<String> header(String name) {
        for (Header header : headers) {
            if (header.getName().equalsIgnoreCase(name)) {
                return Optional.of(header.getValue());
            }
        }
        return Optional.empty();
    }

    public String contentType() {
        return header("Content-Type").orElse("");
    }
}
