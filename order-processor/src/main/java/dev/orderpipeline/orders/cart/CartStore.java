package dev.orderpipeline.orders.cart;

import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.orderpipeline.runtime.MongoDatabases;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * {@code carts.carts}: the projection of the cart events. A cart's events all sit on one partition,
 * so the offset of the last applied event ({@code position}) makes every change apply once.
 * {@code carts.watermarks} records, per partition, the offset up to which everything is applied,
 * so a reader can wait until the projection has caught up with what was published before it asked.
 */
@Component
public class CartStore {

    private final MongoCollection<Document> carts;
    private final MongoCollection<Document> watermarks;

    public CartStore(MongoDatabases mongo) {
        this.carts = mongo.collection(MongoDatabases.CARTS, "carts");
        this.watermarks = mongo.collection(MongoDatabases.CARTS, "watermarks");
    }

    public void open(UUID cartId, long position) {
        carts.updateOne(Filters.eq("_id", cartId.toString()), Updates.combine(
                        Updates.setOnInsert("status", Cart.Status.OPEN.name()),
                        Updates.setOnInsert("items", new Document()),
                        Updates.setOnInsert("version", 0L),
                        Updates.setOnInsert("position", position),
                        Updates.setOnInsert("createdAt", Instant.now())),
                new UpdateOptions().upsert(true));
    }

    public void add(UUID cartId, String sku, int quantity, long position) {
        changeOpenCart(cartId, position, Updates.inc("items." + sku, quantity));
    }

    public void remove(UUID cartId, String sku, long position) {
        changeOpenCart(cartId, position, Updates.unset("items." + sku));
    }

    /** OPEN becomes CHECKED_OUT for this order; does nothing if the cart is checked out already. */
    public void markCheckedOut(UUID cartId, UUID orderId, UUID checkoutEventId, long position) {
        changeOpenCart(cartId, position, Updates.combine(
                Updates.set("status", Cart.Status.CHECKED_OUT.name()), Updates.set("orderId", orderId.toString()),
                Updates.set("checkoutEventId", checkoutEventId.toString())));
    }

    public Cart find(UUID cartId) {
        Document doc = carts.find(Filters.eq("_id", cartId.toString())).first();
        if (doc == null) {
            return null;
        }
        SortedMap<String, Integer> items = new TreeMap<>();
        Document itemDocs = doc.get("items", Document.class);
        if (itemDocs != null) {
            itemDocs.forEach((sku, quantity) -> items.put(sku, ((Number) quantity).intValue()));
        }
        String orderId = doc.getString("orderId");
        return new Cart(cartId, Cart.Status.valueOf(doc.getString("status")), items,
                orderId == null ? null : UUID.fromString(orderId), doc.getString("checkoutEventId"),
                ((Number) doc.get("version")).longValue());
    }

    /** Everything up to {@code offset} on {@code partition} of the carts topic is applied. */
    public void advanceWatermark(int partition, long offset) {
        watermarks.updateOne(Filters.eq("_id", partition), Updates.max("offset", offset),
                new UpdateOptions().upsert(true));
    }

    private void changeOpenCart(UUID cartId, long position, Bson change) {
        carts.updateOne(
                Filters.and(Filters.eq("_id", cartId.toString()), Filters.eq("status", Cart.Status.OPEN.name()),
                        Filters.lt("position", position)),
                Updates.combine(change, Updates.set("position", position), Updates.inc("version", 1L),
                        Updates.set("updatedAt", Instant.now())));
    }
}
