package dev.orderpipeline.inventory.reservation;

import java.util.List;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.runtime.InMemoryMongo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Epochs are drawn at the assignment, so an instance that woke late never out-draws the new owner. */
class AssignmentEpochsTest {

    private static final TopicPartition ORDERS_3 = new TopicPartition(Topics.ORDERS, 3);

    private final InMemoryMongo mongo = new InMemoryMongo();

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void theOwnerOfALaterAssignmentHoldsTheHigherEpochWhateverTheFirstUses() {
        AssignmentEpochs zombie = new AssignmentEpochs(mongo.databases());
        AssignmentEpochs newOwner = new AssignmentEpochs(mongo.databases());

        zombie.onPartitionsAssigned(null, List.of(ORDERS_3));
        newOwner.onPartitionsAssigned(null, List.of(ORDERS_3));

        assertThat(newOwner.of(3)).isGreaterThan(zombie.of(3));
    }

    @Test
    void aPartitionAssignedAgainGetsANewEpochAndOneRevokedIsForgotten() {
        AssignmentEpochs instance = new AssignmentEpochs(mongo.databases());
        instance.onPartitionsAssigned(null, List.of(ORDERS_3));
        long first = instance.of(3);

        instance.onPartitionsRevokedAfterCommit(null, List.of(ORDERS_3));
        instance.onPartitionsAssigned(null, List.of(ORDERS_3));

        assertThat(instance.of(3)).isGreaterThan(first);
    }

    @Test
    void aPartitionLostHereIsNotOwnedAndGetsNoEpochUntilAssignedAgain() {
        AssignmentEpochs instance = new AssignmentEpochs(mongo.databases());
        instance.onPartitionsAssigned(null, List.of(ORDERS_3));

        instance.onPartitionsLost(null, List.of(ORDERS_3));

        assertThat(instance.owns(3)).isFalse();
        assertThatThrownBy(() -> instance.of(3)).isInstanceOf(StaleAssignmentException.class);
        instance.onPartitionsAssigned(null, List.of(ORDERS_3));
        assertThat(instance.owns(3)).isTrue();
    }
}
