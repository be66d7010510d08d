package dev.orderpipeline.storefront.cart;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.UUID;

/** The cart as the API shows it, read from the order processor's projection. */
public record CartView(UUID cartId, String status, List<Item> items, long version, UUID orderId) {

    public record Item(String sku, int quantity) {
    }

    @JsonIgnore
    public boolean isCheckedOut() {
        return "CHECKED_OUT".equals(status);
    }
}
