package dev.orderpipeline.storefront.order;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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
        return Optional.ofNullable(doc).map(OrderReader::view);
    }

    /** The orders among {@code orderIds} that exist, in one query ({@code _id $in [...]}). */
    public Map<UUID, OrderView> findAll(Collection<UUID> orderIds) {
        Map<UUID, OrderView> found = new HashMap<>();
        if (orderIds.isEmpty()) {
            return found;
        }
        orders.find(Filters.in("_id", orderIds.stream().map(UUID::toString).toList()))
                .forEach(doc -> {
                    OrderView view = view(doc);
                    found.put(view.orderId(), view);
                });
        return found;
    }

    private static OrderView view(Document doc) {
        var lines = doc.getList("lines", Document.class).stream()
                .map(line -> new OrderView.Line(line.getString("sku"), line.getInteger("quantity"),
                        ((Number) line.get("unitPriceCents")).longValue()))
                .toList();
        return new OrderView(UUID.fromString(doc.getString("_id")), UUID.fromString(doc.getString("cartId")),
                doc.getString("status"), lines, ((Number) doc.get("totalCents")).longValue(), doc.getString("currency"),
                doc.getString("reason"), doc.getDate("createdAt").toInstant(), doc.getDate("updatedAt").toInstant());
    }
}
