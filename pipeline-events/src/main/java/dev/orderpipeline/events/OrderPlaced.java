package dev.orderpipeline.events;

import java.util.List;
import java.util.UUID;

/** An order was created PENDING from a checked-out cart, priced from the catalog. */
public record OrderPlaced(UUID orderId, UUID cartId, List<OrderLine> lines, long totalCents, String currency)
        implements PipelineEvent {
    public OrderPlaced {
        Checks.present(orderId, "orderId");
        Checks.present(cartId, "cartId");
        lines = List.copyOf(Checks.present(lines, "lines"));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        if (lines.stream().map(OrderLine::sku).distinct().count() != lines.size()) {
            throw new IllegalArgumentException("an order has one line per sku");
        }
        Checks.text(currency, "currency");
    }

    @Override public String key() { return orderId.toString(); }
    @Override public String topic() { return Topics.ORDERS; }
}
