package dev.orderpipeline.storefront.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.events.Reason;

/** An order as the API shows it. */
public record OrderView(UUID orderId, UUID cartId,
                        @Schema(allowableValues = {"PENDING", "CONFIRMED", "REJECTED", "CANCELLED"}) String status,
                        List<Line> lines, long totalCents, String currency,
                        @Schema(types = {"string", "null"}, description = "null unless REJECTED or CANCELLED")
                        String reason,
                        Instant createdAt, Instant updatedAt) {

    public record Line(String sku, int quantity, long unitPriceCents) {
    }

    static OrderView of(OrderDocument order) {
        return new OrderView(order.orderId(), order.cartId(), order.status().name(),
                order.lines().stream().map(line -> new Line(line.sku(), line.quantity(), line.unitPriceCents())).toList(),
                order.totalCents(), order.currency(), text(order.reason()), order.createdAt(), order.updatedAt());
    }

    /** This order as {@code change} left it. */
    OrderView changedBy(OrderChange change) {
        return new OrderView(orderId, cartId, change.status().name(), lines, totalCents, currency,
                text(change.reason()), createdAt, change.at());
    }

    /** The API's {@code reason} is the reason's wire form, a string (API.md). */
    private static String text(Reason reason) {
        return reason == null ? null : reason.text();
    }

    @JsonIgnore
    public boolean isFinal() {
        return !"PENDING".equals(status);
    }
}
