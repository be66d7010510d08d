package dev.orderpipeline.storefront.cart;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.orderpipeline.documents.CartDocument;

/** The cart as the API shows it, read from the order processor's projection. */
public record CartView(UUID cartId, @Schema(allowableValues = {"OPEN", "CHECKED_OUT"}) String status, List<Item> items,
                       long version,
                       @Schema(types = {"string", "null"}, format = "uuid", description = "null while the cart is open")
                       UUID orderId) {

    public record Item(String sku, int quantity) {
    }

    static CartView empty(UUID cartId) {
        return new CartView(cartId, CartDocument.CartStatus.OPEN.name(), List.of(), 0, null);
    }

    static CartView of(CartDocument cart) {
        return new CartView(cart.cartId(), cart.status().name(), cart.items().entrySet().stream()
                .map(item -> new Item(item.getKey(), item.getValue()))
                .sorted(Comparator.comparing(Item::sku))
                .toList(), cart.version(), cart.orderId());
    }

    @JsonIgnore
    public boolean isCheckedOut() {
        return CartDocument.CartStatus.CHECKED_OUT.name().equals(status);
    }
}
