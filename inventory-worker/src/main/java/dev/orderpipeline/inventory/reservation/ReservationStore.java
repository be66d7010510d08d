package dev.orderpipeline.inventory.reservation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.runtime.MongoDatabases;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** {@code inventory.reservations}: one document per order the inventory has decided on. */
@Component
public class ReservationStore {

    private final MongoCollection<Document> reservations;

    public ReservationStore(MongoDatabases mongo) {
        this.reservations = mongo.collection(MongoDatabases.INVENTORY, "reservations");
    }

    public Reservation find(UUID orderId) {
        Document doc = reservations.find(Filters.eq("_id", orderId.toString())).first();
        if (doc == null) {
            return null;
        }
        List<OrderLine> lines = doc.getList("lines", Document.class).stream()
                .map(line -> new OrderLine(line.getString("sku"), line.getInteger("quantity"), 0))
                .toList();
        return new Reservation(orderId, Reservation.State.valueOf(doc.getString("state")), lines,
                doc.getString("reason"));
    }

    public Reservation held(UUID orderId, List<OrderLine> lines) {
        return decide(orderId, Reservation.State.HELD, lines, null);
    }

    public Reservation rejected(UUID orderId, List<OrderLine> lines, String reason) {
        return decide(orderId, Reservation.State.REJECTED, lines, reason);
    }

    /** HELD becomes SOLD or RELEASED, once. */
    public void finish(UUID orderId, Reservation.State state) {
        reservations.updateOne(
                Filters.and(Filters.eq("_id", orderId.toString()), Filters.eq("state", Reservation.State.HELD.name())),
                Updates.combine(Updates.set("state", state.name()), Updates.set("updatedAt", Instant.now())));
    }

    /** Records the first decision; a replay that decides again keeps the first one. */
    private Reservation decide(UUID orderId, Reservation.State state, List<OrderLine> lines, String reason) {
        List<Document> lineDocs = lines.stream()
                .map(line -> new Document("sku", line.sku()).append("quantity", line.quantity()))
                .toList();
        reservations.updateOne(Filters.eq("_id", orderId.toString()),
                Updates.combine(
                        Updates.setOnInsert("state", state.name()),
                        Updates.setOnInsert("lines", lineDocs),
                        Updates.setOnInsert("reason", reason),
                        Updates.setOnInsert("updatedAt", Instant.now())),
                new UpdateOptions().upsert(true));
        return find(orderId);
    }
}
