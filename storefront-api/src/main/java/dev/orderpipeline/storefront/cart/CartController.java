package dev.orderpipeline.storefront.cart;

import java.net.URI;
import java.util.UUID;

import dev.orderpipeline.events.CartItemAdded;
import dev.orderpipeline.events.CartItemRemoved;
import dev.orderpipeline.events.CartRules;
import dev.orderpipeline.events.CatalogRules;
import dev.orderpipeline.events.Skus;
import dev.orderpipeline.web.ProblemResponses;
import dev.orderpipeline.storefront.catalog.CatalogView;
import dev.orderpipeline.web.Problems;
import dev.orderpipeline.web.EventPublisher;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Cart writes are events on {@code storefront.carts.v1}; reads come from the projection. */
@Tag(name = "Carts")
@RestController
@RequestMapping("/api/carts")
class CartController {

    record AddItem(@NotBlank String sku, @NotNull @Min(1) @Max(99) Integer quantity) {
    }

    record ItemAdded(UUID cartId, String sku, int quantity) {
    }

    record Opened(UUID cartId) {
    }

    record ItemRemoved(UUID cartId, String sku) {
    }

    private final EventPublisher events;
    private final CartIds cartIds;
    private final CartReader carts;
    private final CheckedOutCarts checkedOut;
    private final CatalogView catalog;

    CartController(EventPublisher events, CartIds cartIds, CartReader carts, CheckedOutCarts checkedOut,
                   CatalogView catalog) {
        this.events = events;
        this.cartIds = cartIds;
        this.carts = carts;
        this.checkedOut = checkedOut;
        this.catalog = catalog;
    }

    /**
     * A new cart is a signed id and nothing else: any replica can verify it, and its first item
     * creates it in the projection, so opening one publishes nothing (and works while Kafka is down).
     */
    @Operation(operationId = "openCart",
            summary = "Open a cart", description = "No body needed; Location names the cart. The cart accepts items"
            + " at once.")
    @ApiResponse(responseCode = "201", description = "the cart", useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "/api/carts/{cartId}", schema = @Schema(type = "string")))
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Opened> open() {
        UUID cartId = cartIds.issue();
        return ResponseEntity.created(URI.create("/api/carts/" + cartId)).body(new Opened(cartId));
    }

    /**
     * Accepted from what the request carries, the catalog the storefront keeps and the checkouts it has
     * seen: no query, no waiting for the projection. An item that reaches the order processor after the
     * cart's checkout is ignored.
     */
    @Operation(operationId = "addCartItem", summary = "Add quantity (1..99, a JSON integer) of sku to the cart")
    @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping(path = "/{cartId}/items", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ItemAdded> add(@PathVariable String cartId, @Valid @RequestBody AddItem item) {
        UUID id = cartIds.parse(cartId);
        if (!CatalogRules.isKnown(item.sku(), catalog::exists)) {
            throw Problems.notFound("unknown sku " + item.sku());
        }
        refuseIfCheckedOut(id);
        events.publish(new CartItemAdded(id, item.sku(), item.quantity()), cartId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ItemAdded(id, item.sku(), item.quantity()));
    }

    @Operation(operationId = "removeCartItem", summary = "Remove the cart's line of sku")
    @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @DeleteMapping(path = "/{cartId}/items/{sku}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ItemRemoved> remove(@PathVariable String cartId, @PathVariable String sku) {
        UUID id = cartIds.parse(cartId);
        if (!Skus.isValid(sku)) {
            throw Problems.notFound("unknown sku " + sku);
        }
        refuseIfCheckedOut(id);
        events.publish(new CartItemRemoved(id, sku), cartId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ItemRemoved(id, sku));
    }

    @Operation(operationId = "getCart",
            summary = "The cart as the order processor's projection shows it", description = "May trail the last"
            + " 202 by a moment; a cart none of whose events is projected yet is an empty open cart (version 0).")
    @ApiResponse(responseCode = "200", description = "the cart", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @GetMapping("/{cartId}")
    CartView get(@PathVariable String cartId) {
        return carts.find(cartIds.parse(cartId));
    }

    /**
     * A cart seen checked out stays so: refusing on what trails is still right. One checked out before
     * this instance's memory of checkouts is accepted, and the order processor ignores the change.
     */
    private void refuseIfCheckedOut(UUID cartId) {
        if (!CartRules.acceptsItems(checkedOut.contains(cartId))) {
            throw Problems.conflict("cart " + cartId + " is already checked out");
        }
    }
}
