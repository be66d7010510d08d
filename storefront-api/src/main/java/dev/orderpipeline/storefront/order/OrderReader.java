package dev.orderpipeline.storefront.order;

import java.util.Optional;
import java.util.UUID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.orderpipeline.runtime.MongoDatabases;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Reads orders from {@code orders.orders} (owned by the order processor). */
@Component
public class OrderReader {

    private final MongoCollection<Document> orders;

    public OrderReader(MongoDatabases mongo) {
        this.orders = mongo.collection(MongoDatabases.ORDERS, "orders");
    }

    public Optional<OrderView> find(UUID orderId) {
        Document doc = orders.find(Filters.eq("_id", orderId.toString())).first();
        if (doc == null) {
            return Optional.empty();
        }
        var lines = doc.getList("lines", Document.class).stream()
                .map(line -> new OrderView.Line(line.getString("sku"), line.getInteger("quantity"),
                        ((Number) line.get("unitPriceCents")).longValue()))
                .toList();
        return Optional.of(new OrderView(orderId, UUID.fromString(doc.getString("cartId")), doc.getString("status"),
                lines, ((Number) doc.get("totalCents")).longValue(), doc.getString("currency"),
                doc.getString("reason"), doc.getDate("createdAt").toInstant(), doc.getDate("updatedAt").toInstant()));
    }
}
