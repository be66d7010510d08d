package dev.orderpipeline.orders.cart;

import java.util.SortedMap;
import java.util.UUID;

/**
 * The projection of a cart: quantity per SKU, and once checked out the order it became and the
 * CheckoutRequested event that did it (a replay of that event is told apart from a second request).
 */
public record Cart(UUID cartId, Status status, SortedMap<String, Integer> items, UUID orderId, String checkoutEventId,
                   long version) {

    public enum Status { OPEN, CHECKED_OUT }

    public boolean isCheckedOut() {
        return status == Status.CHECKED_OUT;
    }
}
