package dev.orderpipeline.storefront.cart;

import java.util.UUID;

import dev.orderpipeline.storefront.web.ApiProblem;

/** A cart id in a path is a UUID; anything else names no cart (404). */
public final class CartIds {

    private CartIds() {
    }

    public static UUID parse(String cartId) {
        try {
            UUID id = UUID.fromString(cartId);
            if (id.toString().equalsIgnoreCase(cartId)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // falls through to 404
        }
        throw unknown(cartId);
    }

    public static ApiProblem unknown(String cartId) {
        return ApiProblem.notFound("unknown cart " + cartId);
    }
}
