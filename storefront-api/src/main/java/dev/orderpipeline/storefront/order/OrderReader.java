package dev.orderpipeline.storefront.order;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Reads orders from {@code orders.orders} (owned by the order processor). */
@Component
public class OrderReader {

    private final MongoTemplate orders;

    public OrderReader(MongoDatabases mongo) {
        this.orders = mongo.orders();
    }

    public Optional<OrderView> find(UUID orderId) {
        return Optional.ofNullable(orders.findById(orderId, OrderDocument.class)).map(OrderView::of);
    }

    /** The orders among {@code orderIds} that exist, in one query ({@code _id $in [...]}). */
    public Map<UUID, OrderView> findAll(Collection<UUID> orderIds) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        return orders.find(query(where("_id").in(orderIds)), OrderDocument.class).stream()
                .map(OrderView::of)
                .collect(Collectors.toMap(OrderView::orderId, Function.identity()));
    }
}
