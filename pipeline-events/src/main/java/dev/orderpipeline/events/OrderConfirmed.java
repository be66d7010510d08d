package dev.orderpipeline.events;

import java.util.UUID;

public record OrderConfirmed(UUID orderId) implements PipelineEvent {
    public OrderConfirmed {
        Checks.present(orderId, "orderId");
    }

    @Override public String key() { return orderId.toString(); }
    @Override public String topic() { return Topics.ORDERS; }
}
