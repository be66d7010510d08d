package dev.orderpipeline.storefront.checkout;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.orderpipeline.events.CartRules;
import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.web.ProblemResponses;
import dev.orderpipeline.storefront.cart.CartIds;
import dev.orderpipeline.storefront.cart.CartReader;
import dev.orderpipeline.storefront.cart.CartView;
import dev.orderpipeline.web.Problems;
import dev.orderpipeline.web.EventPublisher;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Checkout is idempotent: the order id is derived from (cartId, Idempotency-Key), so a retried
 * request answers the same order and publishes nothing new once the cart is checked out.
 */
@Tag(name = "Carts")
@RestController
class CheckoutController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    record CustomerForm(
            @NotBlank @Size(max = 254) @Email(regexp = ".+@.+\\..+", message = "must be a well-formed email address")
            String email,
            @NotBlank @Size(max = 200) String name) {
    }

    record CheckoutForm(@NotNull @Valid CustomerForm customer) {
    }

    record Accepted(UUID orderId, @Schema(allowableValues = "PENDING") String status, String statusUrl) {
    }

    private final EventPublisher events;
    private final CartIds cartIds;
    private final CartReader carts;

    CheckoutController(EventPublisher events, CartIds cartIds, CartReader carts) {
        this.events = events;
        this.cartIds = cartIds;
        this.carts = carts;
    }

    /**
     * Accepted from the request and the cart view as it stands, never waiting for the projection. A
     * view that shows the cart checked out is final, so it answers a retry (same order, nothing
     * published) or a second checkout (409) by itself; everything else the order processor decides
     * in the cart's partition order, and the order's status says it (REJECTED {@code EMPTY_CART} or
     * {@code ALREADY_CHECKED_OUT}).
     */
    @Operation(operationId = "checkOutCart",
            summary = "Check the cart out", description = "The same cartId and Idempotency-Key always answer the same"
            + " orderId. A checkout that cannot become an order becomes an order REJECTED with reason EMPTY_CART or"
            + " ALREADY_CHECKED_OUT; follow the order at statusUrl.")
    @ApiResponse(responseCode = "202", description = "the order to follow", useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "/api/orders/{orderId}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ProblemResponses.CONFLICT)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping(path = "/api/carts/{cartId}/checkout", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Accepted> checkout(@PathVariable String cartId,
                                      @Parameter(required = true, description = "1 to 128 characters; a retry with the"
                                              + " same key answers the same order")
                                      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
                                      @Valid @RequestBody CheckoutForm form) {
        if (key == null || key.isEmpty() || key.length() > 128) {
            throw Problems.invalid(IDEMPOTENCY_KEY, "header is required, 1 to 128 characters");
        }
        UUID id = cartIds.parse(cartId);
        UUID orderId = orderIdOf(id, key);
        CartView cart = carts.find(id);
        switch (CartRules.checkout(cart.orderId(), orderId)) {
            case ANOTHER_ORDER -> throw Problems.conflict("cart " + cartId + " was checked out under another"
                    + " Idempotency-Key");
            case RETRY -> {
                return accepted(orderId);
            }
            case FIRST -> {
            }
        }
        Customer customer = new Customer(form.customer().email(), form.customer().name());
        events.publish(new CheckoutRequested(id, orderId, key, customer), cartId);
        return accepted(orderId);
    }

    static UUID orderIdOf(UUID cartId, String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("checkout/" + cartId + "/" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<Accepted> accepted(UUID orderId) {
        String statusUrl = "/api/orders/" + orderId;
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(statusUrl))
                .body(new Accepted(orderId, "PENDING", statusUrl));
    }
}
