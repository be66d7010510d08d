package dev.orderpipeline.storefront.cart;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.events.CartItemAdded;
import dev.orderpipeline.events.CartItemRemoved;
import dev.orderpipeline.events.CartOpened;
import dev.orderpipeline.storefront.catalog.CatalogReader;
import dev.orderpipeline.storefront.web.ApiProblem;
import dev.orderpipeline.storefront.web.EventPublisher;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Cart writes are events on {@code storefront.carts.v1}; reads come from the projection. */
@RestController
@RequestMapping("/api/carts")
class CartController {

    record AddItem(@NotBlank String sku, @NotNull @Min(1) @Max(99) Integer quantity) {
    }

    record ItemAdded(UUID cartId, String sku, int quantity) {
    }

    private final EventPublisher events;
    private final CartReader carts;
    private final CatalogReader catalog;

    CartController(EventPublisher events, CartReader carts, CatalogReader catalog) {
        this.events = events;
        this.carts = carts;
        this.catalog = catalog;
    }

    @PostMapping
    ResponseEntity<Map<String, UUID>> open() {
        UUID cartId = UUID.randomUUID();
        events.publish(new CartOpened(cartId), cartId.toString());
        return ResponseEntity.created(URI.create("/api/carts/" + cartId)).body(Map.of("cartId", cartId));
    }

    @PostMapping(path = "/{cartId}/items", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ItemAdded> add(@PathVariable String cartId, @Valid @RequestBody AddItem item) {
        if (!catalog.exists(item.sku())) {
            throw ApiProblem.notFound("unknown sku " + item.sku());
        }
        CartView cart = openCart(cartId);
        events.publish(new CartItemAdded(cart.cartId(), item.sku(), item.quantity()), cartId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ItemAdded(cart.cartId(), item.sku(), item.quantity()));
    }

    @DeleteMapping("/{cartId}/items/{sku}")
    ResponseEntity<Map<String, Object>> remove(@PathVariable String cartId, @PathVariable String sku) {
        if (!dev.orderpipeline.events.Skus.isValid(sku)) {
            throw ApiProblem.notFound("unknown sku " + sku);
        }
        CartView cart = openCart(cartId);
        events.publish(new CartItemRemoved(cart.cartId(), sku), cartId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("cartId", cart.cartId(), "sku", sku));
    }

    @GetMapping("/{cartId}")
    CartView get(@PathVariable String cartId) {
        return carts.latest(CartIds.parse(cartId)).orElseThrow(() -> CartIds.unknown(cartId));
    }

    private CartView openCart(String cartId) {
        CartView cart = carts.forChange(CartIds.parse(cartId), view -> !view.isCheckedOut())
                .orElseThrow(() -> CartIds.unknown(cartId));
        if (cart.isCheckedOut()) {
            throw ApiProblem.conflict("cart " + cartId + " is already checked out");
        }
        return cart;
    }
}
