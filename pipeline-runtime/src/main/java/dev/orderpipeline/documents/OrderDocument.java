package dev.orderpipeline.documents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.Reason;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * {@code orders.orders}: one document per order, id = orderId, written by the order processor. An
 * order leaves PENDING by exactly one conditional update, whichever comes first of the inventory's
 * answer and the expiry timer.
 *
 * @param reason           why it was REJECTED or CANCELLED, stored as its wire form ({@link Reason#text})
 * @param createdAs        PENDING if the order went to the inventory, REJECTED if checkout refused it
 * @param decidedBy        the event (or timer) that moved the order out of PENDING, or the checkout
 *                         that created it REJECTED, so a replay of that same event can tell it did it
 *                         and publish its outcome again
 * @param outcomePublished false only while an expiry's OrderCancelled may not be published yet
 */
@Document("orders")
public record OrderDocument(@Id UUID orderId, UUID cartId, OrderStatus status, List<OrderLine> lines, long totalCents,
                            String currency, Reason reason, Customer customer, Instant createdAt, Instant updatedAt,
                            OrderStatus createdAs, String decidedBy, boolean outcomePublished) {

    public static final String STATUS = "status";
    public static final String CREATED_AT = "createdAt";
    public static final String OUTCOME_PUBLISHED = "outcomePublished";

    public OrderDocument {
        lines = lines == null ? List.of() : lines;
    }

    /** A new order, PENDING when it goes to the inventory, or REJECTED with its reason by {@code checkout}. */
    public static OrderDocument created(UUID orderId, UUID cartId, List<OrderLine> lines, long totalCents,
                                        String currency, Reason rejection, Customer customer, UUID checkout,
                                        Instant now) {
        OrderStatus status = rejection == null ? OrderStatus.PENDING : OrderStatus.REJECTED;
        return new OrderDocument(orderId, cartId, status, lines, totalCents, currency, rejection, customer, now, now,
                status, rejection == null ? null : checkout.toString(), true);
    }

    /** This order out of PENDING, decided by {@code decidedBy}. */
    public OrderDocument decided(OrderStatus status, Reason reason, String decidedBy, Instant now) {
        return new OrderDocument(orderId, cartId, status, lines, totalCents, currency, reason, customer, createdAt, now,
                createdAs, decidedBy, status != OrderStatus.CANCELLED);
    }

    /** This order out of PENDING as a decision published before a restore says: announced already. */
    public OrderDocument recovered(OrderStatus status, Reason reason, String decidedBy, Instant now) {
        return new OrderDocument(orderId, cartId, status, lines, totalCents, currency, reason, customer, createdAt, now,
                createdAs, decidedBy, true);
    }

    public List<String> skus() {
        return lines.stream().map(OrderLine::sku).toList();
    }
}
