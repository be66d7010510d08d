package dev.orderpipeline.storefront.cart;

import java.util.UUID;

import dev.orderpipeline.documents.CartDocument;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads carts from the projection the order processor keeps ({@code carts.carts}), as it stands: it
 * may trail the last 202 by a moment, and nothing waits for it. A cart whose events are not
 * projected yet is an empty open cart.
 */
@Component
public class CartReader {

    private final MongoTemplate carts;

    public CartReader(MongoDatabases mongo) {
        this.carts = mongo.carts();
    }

    /** The cart view of an issued cart id. */
    public CartView find(UUID cartId) {
        CartDocument cart = carts.findById(cartId, CartDocument.class);
        return cart == null ? CartView.empty(cartId) : CartView.of(cart);
    }
}
