package dev.orderpipeline.storefrontclient;

import java.util.ArrayList;
import java.util.List;

import dev.orderpipeline.storefrontclient.SseParser.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTest {

    private final List<Event> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    @Test
    void namedEventsWithTheirDataEndAtABlankLine() {
        feed("event: status", "data: {\"status\":\"PENDING\"}", "", "event:status", "data:{\"status\":\"CONFIRMED\"}",
                "");

        assertThat(events).containsExactly(new Event("status", "{\"status\":\"PENDING\"}"),
                new Event("status", "{\"status\":\"CONFIRMED\"}"));
    }

    @Test
    void commentsAndOtherFieldsAreIgnoredAndDataLinesJoin() {
        feed(": heartbeat", "", "retry: 1000", "id: 7", "data: a", "data: b", "");

        assertThat(events).containsExactly(new Event("message", "a\nb"));
    }

    @Test
    void nothingIsDispatchedWithoutDataOrBeforeTheBlankLine() {
        feed("event: status", "", "event: status", "data: x");

        assertThat(events).isEmpty();
    }

    private void feed(String... lines) {
        for (String line : lines) {
            parser.accept(line);
        }
    }
}
