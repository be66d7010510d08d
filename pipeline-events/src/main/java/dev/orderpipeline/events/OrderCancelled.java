package dev.orderpipeline.events;

import java.util.UUID;

/** The order stayed PENDING too long (reason {@link Reason.Code#EXPIRED}); its holds must be released. */
public record OrderCancelled(UUID orderId, Reason reason) implements PipelineEvent {
    public OrderCancelled {
        Checks.present(orderId, "orderId");
        Checks.present(reason, "reason");
    }

    @Override public String key() { return orderId.toString(); }
    @Override public String topic() { return Topics.ORDERS; }
}
