package dev.orderpipeline.inventory;

import java.util.List;
import java.util.UUID;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.Reason;

/** The order processor's events about one order, as it publishes them on {@code orders.v1}. */
record OrderEvents(UUID orderId, List<OrderLine> lines) {

    static OrderEvents order(OrderLine... lines) {
        return new OrderEvents(UUID.randomUUID(), List.of(lines));
    }

    static OrderLine line(String sku, int quantity) {
        return new OrderLine(sku, quantity, 100);
    }

    EventEnvelope placed() {
        long total = lines.stream().mapToLong(OrderLine::totalCents).sum();
        return event(new OrderPlaced(orderId, UUID.randomUUID(), lines, total, "EUR"));
    }

    EventEnvelope confirmed() {
        return event(new OrderConfirmed(orderId));
    }

    EventEnvelope rejected() {
        return event(new OrderRejected(orderId, Reason.parse("OUT_OF_STOCK: ELSEWHERE")));
    }

    EventEnvelope cancelled() {
        return event(new OrderCancelled(orderId, Reason.of(Reason.Code.EXPIRED, List.of(lines.getFirst().sku()))));
    }

    private EventEnvelope event(PipelineEvent payload) {
        return EventEnvelope.of(payload, orderId.toString());
    }
}
