package dev.orderpipeline.events;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {

    @Test
    void everyEventTypeSurvivesARoundTrip() {
        UUID cart = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        List<PipelineEvent> events = List.of(
                new CartOpened(cart), new CartItemAdded(cart, "ABC-1", 2), new CartItemRemoved(cart, "ABC-1"),
                new CheckoutRequested(cart, order, "key-1", new Customer("a@example.com", "Ann")),
                new OrderPlaced(order, cart, List.of(new OrderLine("ABC-1", 2, 1250)), 2500, "EUR"),
                new OrderConfirmed(order), new OrderRejected(order, Reason.parse("OUT_OF_STOCK: ABC-1")),
                new OrderCancelled(order, Reason.parse("EXPIRED: ABC-1")), new StockReserved(order),
                new StockRejected(order, Reason.parse("OUT_OF_STOCK: ABC-1")),
                new ProductUpserted("ABC-1", "Mug", "", 1250, "EUR"), new StockAdjusted("ABC-1", -3, "broken"));
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactlyInAnyOrderElementsOf(List.of(PipelineEvent.class.getPermittedSubclasses())
                        .stream().map(Class::getSimpleName).toList());

        for (PipelineEvent event : events) {
            EventEnvelope envelope = EventEnvelope.of(event, event.key());
            EventEnvelope read = EventJson.read(EventJson.write(envelope));
            assertThat(read).isEqualTo(envelope);
            assertThat(read.type()).isEqualTo(event.getClass().getSimpleName());
            assertThat(read.key()).isEqualTo(event.key());
        }
    }

    @Test
    void derivedEventsHaveDeterministicIdsAndCarryTheirCause() {
        UUID order = UUID.randomUUID();
        EventEnvelope cause = EventEnvelope.of(new OrderPlaced(order, UUID.randomUUID(),
                List.of(new OrderLine("ABC-1", 1, 100)), 100, "EUR"), order.toString());

        EventEnvelope first = EventEnvelope.causedBy(cause, new StockReserved(order));
        EventEnvelope replay = EventEnvelope.causedBy(cause, new StockReserved(order));
        EventEnvelope other = EventEnvelope.causedBy(cause, new StockRejected(order, Reason.parse("OUT_OF_STOCK: ABC-1")));

        assertThat(replay.eventId()).isEqualTo(first.eventId());
        assertThat(other.eventId()).isNotEqualTo(first.eventId());
        assertThat(first.causationId()).isEqualTo(cause.eventId());
        assertThat(first.correlationId()).isEqualTo(order.toString());
    }

    @Test
    void poisonIsReportedAsInvalidEvent() {
        assertThatThrownBy(() -> EventJson.read(bytes("not json"))).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> EventJson.read(bytes("[1,2]"))).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> EventJson.read(bytes("{\"type\":\"Nope\"}")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("unknown event type");

        byte[] valid = EventJson.write(EventEnvelope.of(new CartItemAdded(UUID.randomUUID(), "ABC-1", 1), "c"));
        String negativeQuantity = new String(valid, StandardCharsets.UTF_8).replace("\"quantity\":1", "\"quantity\":-5");
        assertThatThrownBy(() -> EventJson.read(bytes(negativeQuantity)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("quantity");
    }

    @Test
    void unknownFieldsAreIgnored() {
        byte[] valid = EventJson.write(EventEnvelope.of(new CartOpened(UUID.randomUUID()), "c"));
        String extended = new String(valid, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"addedLater\":true,");
        assertThat(EventJson.read(bytes(extended)).payload()).isInstanceOf(CartOpened.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
