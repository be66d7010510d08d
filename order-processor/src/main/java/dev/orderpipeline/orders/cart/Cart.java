package dev.orderpipeline.orders.cart;

import java.util.SortedMap;
import java.util.UUID;

/** The projection of a cart: quantity per SKU, and the order it became once checked out. */
public record Cart(UUID cartId, Status status, SortedMap<String, Integer> items, UUID orderId, long version) {

    public enum Status { OPEN, CHECKED_OUT }

    public boolean isCheckedOut() {
        return status == Status.CHECKED_OUT;
    }
}
