package dev.orderpipeline.storefront.order;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.UUID;

public record OrderView(UUID orderId, UUID cartId, String status, List<Line> lines, long totalCents,
                        String currency, String reason, Instant createdAt, Instant updatedAt) {

    public record Line(String sku, int quantity, long unitPriceCents) {
    }

    @JsonIgnore
    public boolean isFinal() {
        return !"PENDING".equals(status);
    }
}
