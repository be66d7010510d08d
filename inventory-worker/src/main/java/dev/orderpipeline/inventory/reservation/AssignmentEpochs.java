package dev.orderpipeline.inventory.reservation;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.runtime.MongoDatabases;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * This instance's assignment epoch of each {@code orders.v1} partition it owns: a number drawn from
 * {@code inventory.assignment_epochs} when the partition is assigned here, higher than every epoch
 * drawn for that partition before. It is drawn at the assignment, not at first use: an instance
 * that woke after its partition moved on must not draw a newer epoch than the new owner's (it would
 * then fence the new owner), and never for a partition revoked or lost here since ({@link #owns}).
 * Only if MongoDB cannot be reached at the assignment is it drawn at first use. The stock documents
 * keep, per partition, the highest epoch that wrote them, and every stock update is conditional on
 * its own epoch not being older ({@link StockStore#apply}): an instance whose partition moved on
 * while it was paused (a zombie) finds its late update refused once the new owner has touched the
 * SKU, and stops ({@link StaleAssignmentException}) instead of re-taking a hold the new owner has
 * already sold, released or refused.
 */
@Component
public class AssignmentEpochs implements ConsumerAwareRebalanceListener {

    static final String COLLECTION = "assignment_epochs";
    private static final Logger log = LoggerFactory.getLogger(AssignmentEpochs.class);

    private final MongoTemplate inventory;
    private final Map<Integer, Long> owned = new ConcurrentHashMap<>();
    /** Partitions revoked or lost here and not assigned again: their records are another instance's. */
    private final Set<Integer> gone = ConcurrentHashMap.newKeySet();

    public AssignmentEpochs(MongoDatabases mongo) {
        this.inventory = mongo.inventory();
    }

    /**
     * This instance's epoch of the partition: the one drawn at its assignment, or drawn now if that
     * draw failed (or no assignment was seen, as in a test that drives the flow directly).
     *
     * @throws StaleAssignmentException if the partition was revoked or lost here since
     */
    public long of(int partition) {
        if (gone.contains(partition)) {
            throw new StaleAssignmentException("orders.v1 partition " + partition + " is no longer assigned here");
        }
        return owned.computeIfAbsent(partition, this::draw);
    }

    /**
     * Whether this instance may handle the partition's records: not if it was revoked or lost here.
     * A batch polled before such a rebalance and delivered again after it (its retry after an
     * outage, or a zombie that woke) still holds them; they are the new owner's to handle, and a
     * late epoch drawn for them here would fence the new owner.
     */
    public boolean owns(int partition) {
        return !gone.contains(partition);
    }

    private long draw(int partition) {
        Document counter = inventory.findAndModify(query(where("_id").is(Topics.ORDERS + "-" + partition)),
                new Update().inc("epoch", 1L), FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, COLLECTION);
        return ((Number) counter.get("epoch")).longValue();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.stream().filter(partition -> partition.topic().equals(Topics.ORDERS)).forEach(partition -> {
            owned.remove(partition.partition());
            gone.remove(partition.partition());
            try {
                owned.put(partition.partition(), draw(partition.partition()));
            } catch (RuntimeException e) {
                log.warn("Assignment epoch of {} not drawn now ({}); it is drawn when its records are handled",
                        partition, e.toString());
            }
        });
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.stream().filter(partition -> partition.topic().equals(Topics.ORDERS))
                .forEach(partition -> {
                    gone.add(partition.partition());
                    owned.remove(partition.partition());
                });
    }
}
