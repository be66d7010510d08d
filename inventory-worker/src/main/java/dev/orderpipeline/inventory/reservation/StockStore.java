package dev.orderpipeline.inventory.reservation;

import java.util.UUID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.orderpipeline.runtime.MongoDatabases;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * {@code inventory.stock}: one document per SKU, {@code {_id: sku, stocked, available, held, sold,
 * holds: {orderId: qty}}}. Units move only by single-document atomic conditional updates, and the
 * order's hold is recorded by the same update, so a hold cannot be taken twice nor released twice,
 * and {@code available + held + sold == stocked} always holds. A hold leaves the document when it is
 * sold or released, so the document stays as small as the orders in flight.
 */
@Component
public class StockStore {

    public enum HoldResult { HELD, SHORT, UNKNOWN_SKU }

    private final MongoCollection<Document> stock;

    public StockStore(MongoDatabases mongo) {
        this.stock = mongo.collection(MongoDatabases.INVENTORY, "stock");
    }

    public HoldResult hold(String sku, UUID orderId, int quantity) {
        String hold = holdField(orderId);
        long modified = stock.updateOne(
                Filters.and(Filters.eq("_id", sku), Filters.gte("available", quantity), Filters.exists(hold, false)),
                Updates.combine(Updates.inc("available", -quantity), Updates.inc("held", quantity),
                        Updates.set(hold, quantity))).getModifiedCount();
        if (modified == 1) {
            return HoldResult.HELD;
        }
        Document current = stock.find(Filters.eq("_id", sku)).projection(Projections.include(hold)).first();
        if (current == null) {
            return HoldResult.UNKNOWN_SKU;
        }
        return hasHold(current, orderId) ? HoldResult.HELD : HoldResult.SHORT;
    }

    public void release(String sku, UUID orderId, int quantity) {
        moveHold(sku, orderId, Updates.inc("available", quantity), Updates.inc("held", -quantity));
    }

    public void sell(String sku, UUID orderId, int quantity) {
        moveHold(sku, orderId, Updates.inc("sold", quantity), Updates.inc("held", -quantity));
    }

    /**
     * Adds {@code delta} units (negative removes, never more than are available), once per
     * adjustment event.
     *
     * @return false if the SKU is unknown or the removal would take more than is available
     */
    public boolean adjust(String sku, int delta, UUID adjustmentId) {
        String applied = "adjustments." + adjustmentId;
        Bson filter = Filters.and(Filters.eq("_id", sku), Filters.exists(applied, false),
                Filters.gte("available", Math.max(0, -delta)));
        long modified = stock.updateOne(filter, Updates.combine(
                Updates.inc("stocked", delta), Updates.inc("available", delta), Updates.set(applied, delta)))
                .getModifiedCount();
        return modified == 1
                || stock.countDocuments(Filters.and(Filters.eq("_id", sku), Filters.exists(applied, true))) == 1;
    }

    /** Creates an empty stock document for a new SKU; leaves an existing one alone. */
    public void createIfAbsent(String sku, int initialUnits) {
        stock.updateOne(Filters.eq("_id", sku), Updates.combine(
                        Updates.setOnInsert("stocked", initialUnits), Updates.setOnInsert("available", initialUnits),
                        Updates.setOnInsert("held", 0), Updates.setOnInsert("sold", 0),
                        Updates.setOnInsert("holds", new Document())),
                new UpdateOptions().upsert(true));
    }

    private void moveHold(String sku, UUID orderId, Bson toCounter, Bson fromHeld) {
        String hold = holdField(orderId);
        stock.updateOne(Filters.and(Filters.eq("_id", sku), Filters.exists(hold, true)),
                Updates.combine(toCounter, fromHeld, Updates.unset(hold)));
    }

    private static boolean hasHold(Document doc, UUID orderId) {
        Document holds = doc.get("holds", Document.class);
        return holds != null && holds.containsKey(orderId.toString());
    }

    private static String holdField(UUID orderId) {
        return "holds." + orderId;
    }
}
