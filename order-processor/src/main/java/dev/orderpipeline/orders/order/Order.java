package dev.orderpipeline.orders.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.OrderLine;

/**
 * An order as stored in {@code orders.orders}.
 *
 * @param createdAs  PENDING if the order went to the inventory, REJECTED if checkout refused it
 * @param decidedBy  the event (or timer) that moved the order out of PENDING, so a replay of that
 *                   same event can tell it already did it and publish its outcome again
 */
public record Order(UUID orderId, UUID cartId, OrderStatus status, List<OrderLine> lines, long totalCents,
                    String currency, String reason, Customer customer, Instant createdAt, Instant updatedAt,
                    OrderStatus createdAs, String decidedBy) {

    public List<String> skus() {
        return lines.stream().map(OrderLine::sku).toList();
    }
}
