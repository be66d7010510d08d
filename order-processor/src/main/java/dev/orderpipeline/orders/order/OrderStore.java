package dev.orderpipeline.orders.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.runtime.MongoDatabases;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * {@code orders.orders}: one document per order, id = orderId. An order leaves PENDING by exactly
 * one conditional update, whichever comes first of the inventory's answer and the expiry timer.
 */
@Component
public class OrderStore {

    private final MongoCollection<Document> orders;

    public OrderStore(MongoDatabases mongo) {
        this.orders = mongo.collection(MongoDatabases.ORDERS, "orders");
        orders.createIndex(Indexes.ascending("status", "createdAt"));
    }

    public Order find(UUID orderId) {
        return toOrder(orders.find(Filters.eq("_id", orderId.toString())).first());
    }

    /** Inserts the order unless one with its id exists; returns the stored one. */
    public Order insertIfAbsent(Order order) {
        try {
            orders.insertOne(toDocument(order));
            return order;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return find(order.orderId());
        }
    }

    /**
     * PENDING becomes {@code status}, once.
     *
     * @return the order after the change, or null if it was no longer PENDING
     */
    public Order leavePending(UUID orderId, OrderStatus status, String reason, String decidedBy) {
        Document after = orders.findOneAndUpdate(
                Filters.and(Filters.eq("_id", orderId.toString()), Filters.eq("status", OrderStatus.PENDING.name())),
                Updates.combine(Updates.set("status", status.name()), Updates.set("reason", reason),
                        Updates.set("decidedBy", decidedBy), Updates.set("updatedAt", Date.from(Instant.now())),
                        Updates.set("outcomePublished", status != OrderStatus.CANCELLED)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return toOrder(after);
    }

    public List<Order> pendingSince(Instant before, int limit) {
        return list(Filters.and(Filters.eq("status", OrderStatus.PENDING.name()),
                Filters.lt("createdAt", Date.from(before))), limit);
    }

    /** Cancelled orders whose OrderCancelled event may not have been published yet. */
    public List<Order> cancelledUnpublished(int limit) {
        return list(Filters.and(Filters.eq("status", OrderStatus.CANCELLED.name()),
                Filters.eq("outcomePublished", false)), limit);
    }

    public void markOutcomePublished(UUID orderId) {
        orders.updateOne(Filters.eq("_id", orderId.toString()), Updates.set("outcomePublished", true));
    }

    private List<Order> list(org.bson.conversions.Bson filter, int limit) {
        List<Order> result = new ArrayList<>();
        orders.find(filter).sort(Sorts.ascending("createdAt")).limit(limit).forEach(doc -> result.add(toOrder(doc)));
        return result;
    }

    private static Document toDocument(Order order) {
        List<Document> lines = order.lines().stream()
                .map(line -> new Document("sku", line.sku()).append("quantity", line.quantity())
                        .append("unitPriceCents", line.unitPriceCents()))
                .toList();
        return new Document("_id", order.orderId().toString())
                .append("cartId", order.cartId().toString())
                .append("status", order.status().name())
                .append("lines", lines)
                .append("totalCents", order.totalCents())
                .append("currency", order.currency())
                .append("reason", order.reason())
                .append("customer", new Document("email", order.customer().email())
                        .append("name", order.customer().name()))
                .append("createdAt", Date.from(order.createdAt()))
                .append("updatedAt", Date.from(order.updatedAt()))
                .append("createdAs", order.createdAs().name())
                .append("decidedBy", order.decidedBy())
                .append("outcomePublished", true);
    }

    private static Order toOrder(Document doc) {
        if (doc == null) {
            return null;
        }
        List<OrderLine> lines = doc.getList("lines", Document.class).stream()
                .map(line -> new OrderLine(line.getString("sku"), line.getInteger("quantity"),
                        ((Number) line.get("unitPriceCents")).longValue()))
                .toList();
        Document customer = doc.get("customer", Document.class);
        return new Order(UUID.fromString(doc.getString("_id")), UUID.fromString(doc.getString("cartId")),
                OrderStatus.valueOf(doc.getString("status")), lines, ((Number) doc.get("totalCents")).longValue(),
                doc.getString("currency"), doc.getString("reason"),
                new Customer(customer.getString("email"), customer.getString("name")),
                doc.getDate("createdAt").toInstant(), doc.getDate("updatedAt").toInstant(),
                OrderStatus.valueOf(doc.getString("createdAs")), doc.getString("decidedBy"));
    }
}
