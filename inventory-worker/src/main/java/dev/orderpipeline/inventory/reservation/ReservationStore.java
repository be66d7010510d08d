package dev.orderpipeline.inventory.reservation;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.mongodb.bulk.BulkWriteResult;
import dev.orderpipeline.runtime.BulkWrites;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** {@code inventory.reservations}, read in one query and written in one bulk write per batch. */
@Component
public class ReservationStore {

    private final MongoTemplate inventory;

    public ReservationStore(MongoDatabases mongo) {
        this.inventory = mongo.inventory();
    }

    public Map<UUID, ReservationDocument> find(Collection<UUID> orderIds) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        return inventory.find(query(where("_id").in(orderIds)), ReservationDocument.class).stream()
                .collect(Collectors.toMap(ReservationDocument::orderId, Function.identity()));
    }

    /**
     * Records first decisions. If one was recorded meanwhile by another writer, the batch is handled
     * again and answers with the recorded one.
     */
    public void record(Collection<ReservationDocument> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        BulkOperations bulk = inventory.bulkOps(BulkOperations.BulkMode.UNORDERED, ReservationDocument.class);
        for (ReservationDocument decision : decisions) {
            bulk.upsert(query(where("_id").is(decision.orderId())), new Update()
                    .setOnInsert("state", decision.state()).setOnInsert("lines", decision.lines())
                    .setOnInsert("reason", decision.reason()).setOnInsert("updatedAt", decision.updatedAt()));
        }
        BulkWriteResult result = BulkWrites.expectAll(bulk, decisions.size(), "reservations");
        if (result.getUpserts().size() != decisions.size()) {
            throw new OptimisticLockingFailureException("another writer decided some of these reservations first");
        }
    }

    /** HELD becomes SOLD or RELEASED, once. */
    public void finish(Collection<ReservationDocument> finished) {
        if (finished.isEmpty()) {
            return;
        }
        BulkOperations bulk = inventory.bulkOps(BulkOperations.BulkMode.UNORDERED, ReservationDocument.class);
        for (ReservationDocument reservation : finished) {
            bulk.updateOne(query(where("_id").is(reservation.orderId()).and("state").is(ReservationDocument.State.HELD)),
                    new Update().set("state", reservation.state()).set("updatedAt", reservation.updatedAt()));
        }
        bulk.execute();
    }
}
