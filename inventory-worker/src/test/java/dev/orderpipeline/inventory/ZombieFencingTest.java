package dev.orderpipeline.inventory;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.inventory.catalog.CatalogStore;
import dev.orderpipeline.inventory.reservation.AssignmentEpochs;
import dev.orderpipeline.inventory.reservation.ReservationDocument.State;
import dev.orderpipeline.inventory.reservation.ReservationStore;
import dev.orderpipeline.inventory.reservation.StaleAssignmentException;
import dev.orderpipeline.inventory.reservation.StockChange;
import dev.orderpipeline.inventory.reservation.StockFence;
import dev.orderpipeline.inventory.reservation.StockStore;
import dev.orderpipeline.runtime.BatchRun;
import dev.orderpipeline.runtime.restore.RestoreReplay;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.orderpipeline.inventory.OrderEvents.line;
import static dev.orderpipeline.inventory.OrderEvents.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two instances of the inventory worker on one MongoDB: a zombie that read the stock, froze before
 * its update while its partition moved to a new owner, and wakes once the new owner has finished
 * the order. Its late update must not take the hold again.
 */
class ZombieFencingTest {

    private final InventoryFixture inventory = new InventoryFixture();
    private final AssignmentEpochs zombieEpochs = new AssignmentEpochs(inventory.mongo.databases());
    /** What the new owner does while the zombie is frozen between its read and its update. */
    private Runnable whileFrozen = () -> { };
    private final InventoryFlow zombie = new InventoryFlow(new FreezingStockStore(),
            new ReservationStore(inventory.mongo.databases()), new CatalogStore(inventory.mongo.databases()),
            zombieEpochs, RestoreReplay.off());

    @BeforeEach
    void stock() {
        inventory.product("A", 10);
        inventory.product("B", 1);
    }

    @AfterEach
    void stop() {
        inventory.assertStockConsistent();
        inventory.close();
    }

    @Test
    void aZombieWokenAfterTheNewOwnerSoldTheOrderDoesNotHoldItAgain() {
        OrderEvents order = order(line("A", 3));
        List<ConsumerRecord<String, byte[]>> placed = inventory.log.append(order.placed());
        whileFrozen = () -> {
            inventory.onOrderEvents(placed);
            inventory.onOrderEvents(order.confirmed());
        };

        assertThatThrownBy(() -> BatchRun.of(placed, zombie::onOrderEvents))
                .isInstanceOf(StaleAssignmentException.class);

        assertStock("A", 7, 0, 3);
        assertThat(inventory.stock("A").holds()).isEmpty();
        assertThat(inventory.reservation(order.orderId()).state()).isEqualTo(State.SOLD);
    }

    @Test
    void aZombieWokenAfterTheNewOwnerRejectedTheOrderDoesNotHoldIt() {
        OrderEvents first = order(line("B", 1));
        OrderEvents second = order(line("B", 1));
        List<ConsumerRecord<String, byte[]>> placed = inventory.log.append(second.placed());
        whileFrozen = () -> {
            inventory.onOrderEvents(first.placed());
            inventory.onOrderEvents(placed);
            inventory.onOrderEvents(first.rejected());
        };

        assertThatThrownBy(() -> BatchRun.of(placed, zombie::onOrderEvents))
                .isInstanceOf(StaleAssignmentException.class);

        assertStock("B", 1, 0, 0);
        assertThat(inventory.reservation(second.orderId()).state()).isEqualTo(State.REJECTED);
    }

    @Test
    void anInstanceThePartitionIsAssignedToAgainWritesUnderANewEpoch() {
        OrderEvents order = order(line("A", 3));
        List<ConsumerRecord<String, byte[]>> placed = inventory.log.append(order.placed());
        whileFrozen = () -> inventory.onOrderEvents(placed);
        assertThatThrownBy(() -> BatchRun.of(placed, zombie::onOrderEvents))
                .isInstanceOf(StaleAssignmentException.class);
        whileFrozen = () -> { };

        zombieEpochs.onPartitionsAssigned(null, List.of(new TopicPartition(Topics.ORDERS, placed.getFirst().partition())));
        BatchRun replay = BatchRun.of(inventory.log.append(order.placed()), zombie::onOrderEvents);
        BatchRun confirmed = BatchRun.of(inventory.log.append(order.confirmed()), zombie::onOrderEvents);

        assertThat(replay.payloads()).containsExactly(new StockReserved(order.orderId()));
        assertThat(confirmed.deadLettered()).isEmpty();
        assertStock("A", 7, 0, 3);
    }

    @Test
    void aNewOwnerStampsItsEpochOnTheSkusOfAnOrderItRefusesWithoutChangingThem() {
        OrderEvents order = order(line("A", 11));
        List<ConsumerRecord<String, byte[]>> placed = inventory.log.append(order.placed());

        inventory.onOrderEvents(placed);

        assertThat(inventory.stock("A").epoch(placed.getFirst().partition())).isPositive();
        assertStock("A", 10, 0, 0);
    }

    private void assertStock(String sku, long available, long held, long sold) {
        StockDocument stock = inventory.stock(sku);
        assertThat(List.of(stock.available(), stock.held(), stock.sold())).as("available, held, sold of %s", sku)
                .containsExactly(available, held, sold);
    }

    /** The zombie's stock store: it freezes once, between the read and the update. */
    private final class FreezingStockStore extends StockStore {

        private boolean frozen;

        FreezingStockStore() {
            super(inventory.mongo.databases());
        }

        @Override
        public boolean apply(Collection<StockChange> changes, StockFence fence, Map<String, StockDocument> stored) {
            if (!frozen) {
                frozen = true;
                whileFrozen.run();
            }
            return super.apply(changes, fence, stored);
        }
    }
}
