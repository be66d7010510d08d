package dev.orderpipeline.storefrontclient;

import java.util.function.Consumer;

/**
 * Turns the lines of a {@code text/event-stream} into events (the WHATWG rules that matter here:
 * {@code event:} and {@code data:} fields, comments, and a blank line ending each event).
 */
public final class SseParser {

    public record Event(String name, String data) {
    }

    private final Consumer<Event> sink;
    private String name;
    private StringBuilder data;

    public SseParser(Consumer<Event> sink) {
        this.sink = sink;
    }

    public void accept(String line) {
        if (line.isEmpty()) {
            dispatch();
        } else if (!line.startsWith(":")) {
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            field(field, value.startsWith(" ") ? value.substring(1) : value);
        }
    }

    private void field(String field, String value) {
        switch (field) {
            case "event" -> name = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // id, retry and unknown fields matter to none of the clients
            }
        }
    }

    private void dispatch() {
        if (data != null) {
            sink.accept(new Event(name == null || name.isEmpty() ? "message" : name, data.toString()));
        }
        name = null;
        data = null;
    }
}
