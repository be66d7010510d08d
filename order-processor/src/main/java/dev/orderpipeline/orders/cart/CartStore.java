package dev.orderpipeline.orders.cart;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.orderpipeline.documents.CartDocument;
import dev.orderpipeline.runtime.BulkWrites;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * {@code carts.carts}, read in one query per batch and written in one bulk write per batch. A cart
 * changed by a batch is written only if its {@code position} is still the one the batch read, so a
 * second writer (a fenced-off instance that has not noticed yet) makes the batch retry instead of
 * overwriting.
 */
@Component
public class CartStore {

    private final MongoTemplate carts;

    public CartStore(MongoDatabases mongo) {
        this.carts = mongo.carts();
    }

    public Carts load(Collection<UUID> cartIds) {
        if (cartIds.isEmpty()) {
            return new Carts(Map.of());
        }
        return new Carts(carts.find(query(where("_id").in(cartIds)), CartDocument.class).stream()
                .collect(Collectors.toMap(CartDocument::cartId, Function.identity())));
    }

    public CartDocument find(UUID cartId) {
        return carts.findById(cartId, CartDocument.class);
    }

    public void save(Carts batch) {
        if (batch.changed().isEmpty()) {
            return;
        }
        BulkOperations bulk = carts.bulkOps(BulkOperations.BulkMode.UNORDERED, CartDocument.class);
        for (CartDocument cart : batch.changed()) {
            CartDocument before = batch.loaded(cart.cartId());
            if (before == null) {
                bulk.insert(cart);
            } else {
                bulk.replaceOne(query(where("_id").is(cart.cartId()).and(CartDocument.POSITION).is(before.position())),
                        cart);
            }
        }
        BulkWrites.expectAll(bulk, batch.changed().size(), "carts");
    }
}
