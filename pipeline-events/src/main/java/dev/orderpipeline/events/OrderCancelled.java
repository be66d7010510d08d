package dev.orderpipeline.events;

import java.util.UUID;

/** The order stayed PENDING too long (reason {@code EXPIRED: ...}); its holds must be released. */
public record OrderCancelled(UUID orderId, String reason) implements PipelineEvent {
    public OrderCancelled {
        Checks.present(orderId, "orderId");
        Checks.text(reason, "reason");
    }

    @Override public String key() { return orderId.toString(); }
    @Override public String topic() { return Topics.ORDERS; }
}
