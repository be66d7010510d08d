package dev.orderpipeline.storefront.order;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;

/**
 * What an event on {@code orders.v1} says an order became: its status, reason and when. The time is
 * the event's, to the millisecond as MongoDB keeps times: the order processor gives an order's event
 * the time it stored with the change ({@code updatedAt}), so the stream's view is the one GET answers.
 */
record OrderChange(UUID orderId, OrderStatus status, String reason, Instant at) {

    static Optional<OrderChange> of(EventEnvelope event) {
        Instant at = event.occurredAt().truncatedTo(ChronoUnit.MILLIS);
        return Optional.ofNullable(switch (event.payload()) {
            case OrderPlaced placed -> new OrderChange(placed.orderId(), OrderStatus.PENDING, null, at);
            case OrderConfirmed confirmed -> new OrderChange(confirmed.orderId(), OrderStatus.CONFIRMED, null, at);
            case OrderRejected rejected -> new OrderChange(rejected.orderId(), OrderStatus.REJECTED, rejected.reason(), at);
            case OrderCancelled cancelled -> new OrderChange(cancelled.orderId(), OrderStatus.CANCELLED,
                    cancelled.reason(), at);
            default -> null;
        });
    }
}
