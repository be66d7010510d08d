package dev.orderpipeline.events;

import java.util.UUID;

/** The order will not be fulfilled, for {@code reason} (e.g. {@code OUT_OF_STOCK: ABC-1} on the wire). */
public record OrderRejected(UUID orderId, Reason reason) implements PipelineEvent {
    public OrderRejected {
        Checks.present(orderId, "orderId");
        Checks.present(reason, "reason");
    }

    @Override public String key() { return orderId.toString(); }
    @Override public String topic() { return Topics.ORDERS; }
}
