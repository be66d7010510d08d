package dev.orderpipeline.inventory;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.Reason;
import dev.orderpipeline.events.StockRejected;
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
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.orderpipeline.inventory.OrderEvents.line;
import static dev.orderpipeline.inventory.OrderEvents.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The inventory worker's orders flow, a batch at a time, on a MongoDB wire server in memory: every
 * line held or none, in the order the orders came, never oversold, each hold taken, sold or
 * released once however often a batch is replayed.
 */
class InventoryFlowTest {

    private final InventoryFixture inventory = new InventoryFixture();

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
    void anOrderWhoseLinesAreAllAvailableIsHeldWhole() {
        OrderEvents order = order(line("A", 3), line("B", 1));

        BatchRun run = inventory.onOrderEvents(order.placed());

        assertThat(run.payloads()).containsExactly(new StockReserved(order.orderId()));
        assertStock("A", 10, 7, 3, 0);
        assertStock("B", 1, 0, 1, 0);
        assertThat(inventory.stock("A").holds()).containsExactlyEntriesOf(Map.of(order.orderId().toString(), 3));
        assertThat(inventory.reservation(order.orderId()).state()).isEqualTo(State.HELD);
    }

    @Test
    void oneShortLineRejectsTheOrderWithNothingHeld() {
        OrderEvents order = order(line("A", 2), line("B", 2));

        BatchRun run = inventory.onOrderEvents(order.placed());

        assertThat(run.payloads()).containsExactly(new StockRejected(order.orderId(), Reason.parse("OUT_OF_STOCK: B")));
        assertStock("A", 10, 10, 0, 0);
        assertStock("B", 1, 1, 0, 0);
        assertThat(inventory.reservation(order.orderId()).state()).isEqualTo(State.REJECTED);
    }

    @Test
    void anUnknownProductRejectsTheOrderNamingIt() {
        OrderEvents order = order(line("A", 1), line("NOPE", 1));

        BatchRun run = inventory.onOrderEvents(order.placed());

        assertThat(run.payloads()).containsExactly(new StockRejected(order.orderId(), Reason.parse("UNKNOWN_PRODUCT: NOPE")));
        assertStock("A", 10, 10, 0, 0);
    }

    @Test
    void ordersOfOneBatchCompeteForScarceStockInTheirOrder() {
        inventory.product("S", 5);
        List<OrderEvents> orders = List.of(order(line("S", 2)), order(line("S", 2)), order(line("S", 2)),
                order(line("S", 1)), order(line("A", 1), line("S", 1)));

        BatchRun run = inventory.onOrderEvents(orders.stream().map(OrderEvents::placed).toArray(EventEnvelope[]::new));

        assertThat(run.payloads()).containsExactly(new StockReserved(orders.get(0).orderId()),
                new StockReserved(orders.get(1).orderId()),
                new StockRejected(orders.get(2).orderId(), Reason.parse("OUT_OF_STOCK: S")),
                new StockReserved(orders.get(3).orderId()),
                new StockRejected(orders.get(4).orderId(), Reason.parse("OUT_OF_STOCK: S")));
        assertStock("S", 5, 0, 5, 0);
        assertStock("A", 10, 10, 0, 0);
    }

    @Test
    void aReplayedBatchAnswersTheSameAndHoldsNothingMore() {
        List<ConsumerRecord<String, byte[]>> batch = inventory.log.append(order(line("A", 3), line("B", 1)).placed(),
                order(line("A", 2)).placed(), order(line("B", 1)).placed());
        BatchRun first = inventory.onOrderEvents(batch);
        List<StockDocument> stockAfterFirst = inventory.allStock();

        BatchRun replay = inventory.onOrderEvents(batch);

        assertThat(replay.eventIds()).hasSize(3).isEqualTo(first.eventIds());
        assertThat(replay.payloads()).isEqualTo(first.payloads());
        assertThat(inventory.allStock()).isEqualTo(stockAfterFirst);
    }

    @Test
    void aReplayAfterTheHoldsWereWrittenButNotTheReservationsAnswersTheSameAndHoldsOnce() {
        OrderEvents first = order(line("A", 3), line("B", 1));
        OrderEvents second = order(line("A", 2));
        List<ConsumerRecord<String, byte[]>> batch = inventory.log.append(first.placed(), second.placed());
        BatchRun run = inventory.onOrderEvents(batch);
        inventory.restore("reservations", first.orderId().toString(), null);
        inventory.restore("reservations", second.orderId().toString(), null);

        BatchRun replay = inventory.onOrderEvents(batch);

        assertThat(replay.eventIds()).isEqualTo(run.eventIds());
        assertThat(replay.payloads()).containsExactly(new StockReserved(first.orderId()),
                new StockReserved(second.orderId()));
        assertStock("A", 10, 5, 5, 0);
        assertStock("B", 1, 0, 1, 0);
        assertThat(inventory.reservation(first.orderId()).state()).isEqualTo(State.HELD);
    }

    @Test
    void aReplayAfterOnlySomeSkusWereWrittenHoldsTheRestOnce() {
        OrderEvents order = order(line("A", 3), line("B", 1));
        Document bBefore = inventory.stored("stock", "B");
        List<ConsumerRecord<String, byte[]>> batch = inventory.log.append(order.placed());
        inventory.onOrderEvents(batch);
        inventory.restore("stock", "B", bBefore);
        inventory.restore("reservations", order.orderId().toString(), null);

        BatchRun replay = inventory.onOrderEvents(batch);

        assertThat(replay.payloads()).containsExactly(new StockReserved(order.orderId()));
        assertStock("A", 10, 7, 3, 0);
        assertStock("B", 1, 0, 1, 0);
    }

    @Test
    void aReplayThatCanNoLongerHoldEveryLineReleasesTheLinesHeldBefore() {
        OrderEvents order = order(line("A", 3), line("B", 1));
        Document bBefore = inventory.stored("stock", "B");
        List<ConsumerRecord<String, byte[]>> batch = inventory.log.append(order.placed());
        inventory.onOrderEvents(batch);
        inventory.restore("stock", "B", bBefore);
        inventory.restore("reservations", order.orderId().toString(), null);
        OrderEvents rival = order(line("B", 1));
        assertThat(inventory.onOrderEvents(rival.placed()).payloads()).containsExactly(new StockReserved(rival.orderId()));

        BatchRun replay = inventory.onOrderEvents(batch);

        assertThat(replay.payloads()).containsExactly(new StockRejected(order.orderId(), Reason.parse("OUT_OF_STOCK: B")));
        assertStock("A", 10, 10, 0, 0);
        assertStock("B", 1, 0, 1, 0);
        assertThat(inventory.stock("B").holds()).containsOnlyKeys(rival.orderId().toString());
    }

    @Test
    void aConfirmationSellsTheHeldUnitsOnceEvenWhenReplayed() {
        OrderEvents order = order(line("A", 4), line("B", 1));
        inventory.onOrderEvents(order.placed());
        List<ConsumerRecord<String, byte[]>> confirmation = inventory.log.append(order.confirmed());

        inventory.onOrderEvents(confirmation);
        inventory.onOrderEvents(confirmation);
        inventory.onOrderEvents(order.confirmed());

        assertStock("A", 10, 6, 0, 4);
        assertStock("B", 1, 0, 0, 1);
        assertThat(inventory.stock("A").holds()).isEmpty();
        assertThat(inventory.reservation(order.orderId()).state()).isEqualTo(State.SOLD);
    }

    @Test
    void aSoldOrderPlacedAgainIsNeitherAnsweredNorHeld() {
        OrderEvents order = order(line("A", 4));
        List<ConsumerRecord<String, byte[]>> placed = inventory.log.append(order.placed());
        inventory.onOrderEvents(placed);
        inventory.onOrderEvents(order.confirmed());

        BatchRun replay = inventory.onOrderEvents(placed);

        assertThat(replay.published()).isEmpty();
        assertStock("A", 10, 6, 0, 4);
    }

    @Test
    void aRejectionReleasesTheHeldUnitsOnceEvenWhenReplayed() {
        OrderEvents order = order(line("A", 4), line("B", 1));
        inventory.onOrderEvents(order.placed());
        List<ConsumerRecord<String, byte[]>> rejection = inventory.log.append(order.rejected());

        inventory.onOrderEvents(rejection);
        inventory.onOrderEvents(rejection);

        assertReleased(order);
    }

    @Test
    void aCancellationReleasesTheHeldUnitsOnceEvenWhenReplayed() {
        OrderEvents order = order(line("A", 4), line("B", 1));
        inventory.onOrderEvents(order.placed());
        List<ConsumerRecord<String, byte[]>> cancellation = inventory.log.append(order.cancelled());

        inventory.onOrderEvents(cancellation);
        inventory.onOrderEvents(cancellation);
        inventory.onOrderEvents(order.cancelled());

        assertReleased(order);
    }

    @Test
    void aReplayOfAConfirmationAfterItsUnitsMovedButNotItsReservationSellsNothingMore() {
        OrderEvents order = order(line("A", 4));
        inventory.onOrderEvents(order.placed());
        Document held = inventory.stored("reservations", order.orderId().toString());
        List<ConsumerRecord<String, byte[]>> confirmation = inventory.log.append(order.confirmed());
        inventory.onOrderEvents(confirmation);
        inventory.restore("reservations", order.orderId().toString(), held);

        inventory.onOrderEvents(confirmation);

        assertStock("A", 10, 6, 0, 4);
        assertThat(inventory.reservation(order.orderId()).state()).isEqualTo(State.SOLD);
    }

    @Test
    void anOrderPlacedAndCancelledInOneBatchEndsReleased() {
        OrderEvents order = order(line("A", 4), line("B", 1));
        List<ConsumerRecord<String, byte[]>> batch = inventory.log.append(order.placed(), order.cancelled());

        inventory.onOrderEvents(batch);
        BatchRun replay = inventory.onOrderEvents(batch);

        assertReleased(order);
        assertThat(replay.published()).as("the order has moved on: nothing to answer").isEmpty();
    }

    @Test
    void anOrderReleasedInABatchLeavesItsUnitsToOrdersOfLaterBatches() {
        OrderEvents first = order(line("B", 1));
        OrderEvents second = order(line("B", 1));
        inventory.onOrderEvents(first.placed());
        assertThat(inventory.onOrderEvents(second.placed()).payloads())
                .containsExactly(new StockRejected(second.orderId(), Reason.parse("OUT_OF_STOCK: B")));

        inventory.onOrderEvents(first.cancelled());
        OrderEvents third = order(line("B", 1));

        assertThat(inventory.onOrderEvents(third.placed()).payloads()).containsExactly(new StockReserved(third.orderId()));
    }

    @Test
    void unitsReleasedEarlierInABatchAreThereForAnOrderPlacedLaterInItAsOneAtATime() {
        OrderEvents first = order(line("B", 1));
        inventory.onOrderEvents(first.placed());
        OrderEvents second = order(line("B", 1));

        BatchRun batch = inventory.onOrderEvents(first.cancelled(), second.placed());

        assertThat(batch.payloads()).containsExactly(new StockReserved(second.orderId()));
        assertStock("B", 1, 0, 1, 0);
        assertThat(inventory.reservation(first.orderId()).state()).isEqualTo(State.RELEASED);
    }

    @Test
    void anOrderPlacedConfirmedAndPlacedAgainInOneBatchIsSoldOnce() {
        OrderEvents order = order(line("A", 4));
        List<ConsumerRecord<String, byte[]>> batch = inventory.log.append(order.placed(), order.confirmed(), order.placed());

        BatchRun run = inventory.onOrderEvents(batch);
        inventory.onOrderEvents(batch);

        assertThat(run.payloads()).containsExactly(new StockReserved(order.orderId()));
        assertStock("A", 10, 6, 0, 4);
        assertThat(inventory.reservation(order.orderId()).state()).isEqualTo(State.SOLD);
    }

    private void assertReleased(OrderEvents order) {
        assertStock("A", 10, 10, 0, 0);
        assertStock("B", 1, 1, 0, 0);
        assertThat(inventory.stock("A").holds()).isEmpty();
        assertThat(inventory.reservation(order.orderId()).state()).isEqualTo(State.RELEASED);
    }

    private void assertStock(String sku, long stocked, long available, long held, long sold) {
        StockDocument stock = inventory.stock(sku);
        assertThat(List.of(stock.stocked(), stock.available(), stock.held(), stock.sold()))
                .as("stocked, available, held, sold of %s", sku).containsExactly(stocked, available, held, sold);
    }

    /**
     * Two instances on one MongoDB: a zombie that read the stock, froze before its update while its
     * partition moved to a new owner, and wakes once the new owner has finished the order. Its late
     * update must not take the hold again.
     */
    @Nested
    class AZombie {


        private final AssignmentEpochs zombieEpochs = new AssignmentEpochs(inventory.mongo.databases());
        /** What the new owner does while the zombie is frozen between its read and its update. */
        private Runnable whileFrozen = () -> { };
        private final InventoryFlow zombie = new InventoryFlow(new FreezingStockStore(),
                new ReservationStore(inventory.mongo.databases()), new CatalogStore(inventory.mongo.databases()),
                zombieEpochs, RestoreReplay.off());

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

            assertStock("A", 10, 7, 0, 3);
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

            assertStock("B", 1, 1, 0, 0);
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
            assertStock("A", 10, 7, 0, 3);
        }

        @Test
        void aZombieWokenAfterItsPartitionWasLostLeavesTheRecordsToTheNewOwner() {
            OrderEvents order = order(line("A", 3));
            List<ConsumerRecord<String, byte[]>> placed = inventory.log.append(order.placed());
            TopicPartition partition = new TopicPartition(Topics.ORDERS, placed.getFirst().partition());
            zombieEpochs.onPartitionsAssigned(null, List.of(partition));
            zombieEpochs.onPartitionsLost(null, List.of(partition));

            BatchRun late = BatchRun.of(placed, zombie::onOrderEvents);

            assertThat(late.payloads()).isEmpty();
            assertThat(late.deadLettered()).isEmpty();
            assertThat(inventory.reservation(order.orderId())).isNull();
            assertStock("A", 10, 10, 0, 0);
            inventory.onOrderEvents(placed);
            assertThat(inventory.reservation(order.orderId()).state()).isEqualTo(State.HELD);
        }

        @Test
        void aNewOwnerStampsItsEpochOnTheSkusOfAnOrderItRefusesWithoutChangingThem() {
            OrderEvents order = order(line("A", 11));
            List<ConsumerRecord<String, byte[]>> placed = inventory.log.append(order.placed());

            inventory.onOrderEvents(placed);

            assertThat(inventory.stock("A").epoch(placed.getFirst().partition())).isPositive();
            assertStock("A", 10, 10, 0, 0);
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
}
