package dev.orderpipeline.documents;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * {@code carts.carts}: the order processor's projection of a cart's events. A cart's events all sit
 * on one partition, so {@code position}, the offset of the last event applied, makes every event
 * apply once; {@code checkoutEventId} tells a replay of the checkout that closed the cart from a
 * second request.
 */
@Document("carts")
public record CartDocument(@Id UUID cartId, CartStatus status, Map<String, Integer> items, UUID orderId,
                           UUID checkoutEventId, long version, long position, Instant createdAt, Instant updatedAt) {

    public enum CartStatus { OPEN, CHECKED_OUT }

    public static final String POSITION = "position";

    public CartDocument {
        items = items == null ? Map.of() : items;
    }

    /** A cart with no line yet; {@code position} is the offset of the event that made it. */
    public static CartDocument opened(UUID cartId, long position, Instant now) {
        return new CartDocument(cartId, CartStatus.OPEN, Map.of(), null, null, 0, position, now, now);
    }

    public boolean isCheckedOut() {
        return status == CartStatus.CHECKED_OUT;
    }

    public CartDocument withQuantity(String sku, int quantity, long position, Instant now) {
        Map<String, Integer> changed = new TreeMap<>(items);
        if (quantity > 0) {
            changed.put(sku, quantity);
        } else {
            changed.remove(sku);
        }
        return new CartDocument(cartId, status, changed, orderId, checkoutEventId, version + 1, position, createdAt, now);
    }

    public CartDocument checkedOut(UUID orderId, UUID checkoutEventId, long position, Instant now) {
        return new CartDocument(cartId, CartStatus.CHECKED_OUT, items, orderId, checkoutEventId, version + 1, position,
                createdAt, now);
    }

    public int quantityOf(String sku) {
        return items.getOrDefault(sku, 0);
    }
}
