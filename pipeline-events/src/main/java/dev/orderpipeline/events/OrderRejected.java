package dev.orderpipeline.events;

import java.util.UUID;

/** The order will not be fulfilled; reason starts with a code, e.g. {@code OUT_OF_STOCK: ABC-1}. */
public record OrderRejected(UUID orderId, String reason) implements PipelineEvent {
    public OrderRejected {
        Checks.present(orderId, "orderId");
        Checks.text(reason, "reason");
    }

    @Override public String key() { return orderId.toString(); }
    @Override public String topic() { return Topics.ORDERS; }
}
