package dev.orderpipeline.orders.order;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.runtime.BulkWrites;
import dev.orderpipeline.runtime.MongoAtStart;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * {@code orders.orders}: orders are inserted under their deterministic id and leave PENDING by one
 * conditional update ({@code status: PENDING}), whichever comes first of the inventory's answer and
 * the expiry timer. A batch reads its orders in one query and writes them in one bulk write.
 */
@Component
public class OrderStore {

    private final MongoTemplate orders;

    public OrderStore(MongoDatabases mongo) {
        this.orders = mongo.orders();
        MongoAtStart.run("creating the orders' status index", () -> orders.indexOps(OrderDocument.class)
                .createIndex(new Index().on(OrderDocument.STATUS, Sort.Direction.ASC).on(OrderDocument.CREATED_AT, Sort.Direction.ASC)));
    }

    public Map<UUID, OrderDocument> find(Collection<UUID> orderIds) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        return orders.find(query(where("_id").in(orderIds)), OrderDocument.class).stream()
                .collect(Collectors.toMap(OrderDocument::orderId, Function.identity()));
    }

    public OrderDocument find(UUID orderId) {
        return orders.findById(orderId, OrderDocument.class);
    }

    /** Inserts new orders; an order that exists already means another writer got there: the batch retries. */
    public void insert(Collection<OrderDocument> created) {
        if (created.isEmpty()) {
            return;
        }
        BulkOperations bulk = orders.bulkOps(BulkOperations.BulkMode.UNORDERED, OrderDocument.class);
        created.forEach(bulk::insert);
        BulkWrites.expectAll(bulk, created.size(), "orders");
    }

    /** Moves each of these orders out of PENDING as decided; if one has left PENDING meanwhile, the batch retries. */
    public void saveDecisions(Collection<OrderDocument> decided) {
        if (decided.isEmpty()) {
            return;
        }
        BulkOperations bulk = orders.bulkOps(BulkOperations.BulkMode.UNORDERED, OrderDocument.class);
        decided.forEach(order -> bulk.updateOne(pending(order.orderId()), decision(order)));
        BulkWrites.expectAll(bulk, decided.size(), "order decisions");
    }

    /**
     * The order leaves PENDING as {@code decided} says, once.
     *
     * @return the order after the change, or null if it was no longer PENDING
     */
    public OrderDocument leavePending(OrderDocument decided) {
        return orders.findAndModify(pending(decided.orderId()), decision(decided),
                FindAndModifyOptions.options().returnNew(true), OrderDocument.class);
    }

    /**
     * Every order PENDING and every cancelled order whose OrderCancelled may not have been published
     * yet, in one query. On the stand-in this reads every order: it runs when an instance is assigned
     * cart partitions, not in the steady state ({@link PendingOrders}).
     */
    public List<OrderDocument> pendingOrUnannounced() {
        return orders.find(query(new Criteria().orOperator(
                where(OrderDocument.STATUS).is(OrderStatus.PENDING),
                where(OrderDocument.STATUS).is(OrderStatus.CANCELLED).and(OrderDocument.OUTCOME_PUBLISHED).is(false))),
                OrderDocument.class);
    }

    public void markOutcomePublished(Collection<UUID> orderIds) {
        orders.updateMulti(query(where("_id").in(orderIds)), Update.update(OrderDocument.OUTCOME_PUBLISHED, true),
                OrderDocument.class);
    }

    private static Query pending(UUID orderId) {
        return query(where("_id").is(orderId).and(OrderDocument.STATUS).is(OrderStatus.PENDING));
    }

    /** The fields a decision sets. */
    private static Update decision(OrderDocument decided) {
        return new Update().set(OrderDocument.STATUS, decided.status()).set("reason", decided.reason())
                .set("decidedBy", decided.decidedBy()).set("updatedAt", decided.updatedAt())
                .set(OrderDocument.OUTCOME_PUBLISHED, decided.outcomePublished());
    }
}
