package dev.orderpipeline.inventory.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.runtime.InMemoryMongo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single-document atomic conditional updates that keep stock from being oversold: a change
 * applies only to the stock it was planned on, a hold is taken, sold or released once.
 */
class StockStoreTest {

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final StockStore stock = new StockStore(mongo.databases());
    private final UUID first = UUID.randomUUID();
    private final UUID second = UUID.randomUUID();

    @BeforeEach
    void tenUnitsOfA() {
        stock.createIfAbsent("A", 10);
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void aPlanMadeOnStockThatChangedSinceItWasReadIsNotApplied() {
        Map<String, StockDocument> staleRead = stock.load(List.of("A"));
        assertThat(stock.apply(List.of(new StockChange("A").take(first, 8)))).isTrue();

        StockPlan stalePlan = StockPlan.of(List.of(order(second, "A", 5)), staleRead, Map.of(), Instant.now());

        assertThat(stock.apply(stalePlan.changes())).isFalse();
        assertUnits(10, 2, 8, 0);
    }

    @Test
    void aHoldIsTakenOnce() {
        StockChange take = new StockChange("A").take(first, 2);

        assertThat(stock.apply(List.of(take))).isTrue();
        assertThat(stock.apply(List.of(take))).isFalse();

        assertUnits(10, 8, 2, 0);
        assertThat(stock.load(List.of("A")).get("A").holds()).containsExactlyEntriesOf(Map.of(first.toString(), 2));
    }

    @Test
    void aHoldIsSoldOnceAndThenLeavesTheDocument() {
        stock.apply(List.of(new StockChange("A").take(first, 2)));
        StockChange sell = new StockChange("A").sell(first, 2);

        assertThat(stock.apply(List.of(sell))).isTrue();
        assertThat(stock.apply(List.of(sell))).isFalse();

        assertUnits(10, 8, 0, 2);
        assertThat(stock.load(List.of("A")).get("A").holds()).isEmpty();
    }

    @Test
    void aHoldIsReleasedOnce() {
        stock.apply(List.of(new StockChange("A").take(first, 2)));
        StockChange release = new StockChange("A").release(first, 2);

        assertThat(stock.apply(List.of(release))).isTrue();
        assertThat(stock.apply(List.of(release))).isFalse();

        assertUnits(10, 10, 0, 0);
    }

    @Test
    void aChangeWhoseHoldIsGoneDoesNotApplyAtAll() {
        stock.apply(List.of(new StockChange("A").take(first, 2).take(second, 3)));
        stock.apply(List.of(new StockChange("A").release(first, 2)));
        StockChange both = new StockChange("A").release(first, 2).sell(second, 3);

        assertThat(stock.apply(List.of(both))).isFalse();

        assertUnits(10, 7, 3, 0);
    }

    @Test
    void unitsAReleaseGivesBackCoverATakeInTheSameUpdate() {
        stock.apply(List.of(new StockChange("A").take(first, 10)));

        assertThat(stock.apply(List.of(new StockChange("A").release(first, 10).take(second, 6)))).isTrue();

        assertUnits(10, 4, 6, 0);
        assertThat(stock.load(List.of("A")).get("A").holds()).containsExactlyEntriesOf(Map.of(second.toString(), 6));
    }

    @Test
    void anAdjustmentAppliesOncePerIdAndNeverRemovesMoreThanIsAvailable() {
        UUID delivery = UUID.randomUUID();
        stock.apply(List.of(new StockChange("A").take(first, 8)));

        assertThat(stock.adjust("A", 5, delivery)).isTrue();
        assertThat(stock.adjust("A", 5, delivery)).as("the same adjustment again").isTrue();
        assertThat(stock.adjust("A", -8, UUID.randomUUID())).as("more than the 7 available").isFalse();
        assertThat(stock.adjust("NOPE", 1, UUID.randomUUID())).isFalse();

        assertUnits(15, 7, 8, 0);
    }

    @Test
    void adjustmentIdsLeaveTheDocumentAfterAWhileAndTheirReplaysStillChangeNothing() {
        MovingClock clock = new MovingClock();
        StockStore store = new StockStore(mongo.databases(), clock, Duration.ofMinutes(10));
        UUID delivery = UUID.randomUUID();
        assertThat(store.adjust("A", 5, delivery)).isTrue();
        clock.advance(Duration.ofMinutes(11));
        List<UUID> later = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            later.add(UUID.randomUUID());
            assertThat(store.adjust("A", 1, later.getLast())).isTrue();
        }
        clock.advance(Duration.ofMinutes(11));
        assertThat(store.adjust("A", 1, UUID.randomUUID())).isTrue();

        assertThat(store.load(List.of("A")).get("A").adjustments()).as("only the latest adjustment").hasSize(1);
        assertThat(store.adjust("A", 5, delivery)).as("the first adjustment replayed").isTrue();
        assertThat(store.adjust("A", 1, later.get(150))).as("a later one replayed").isTrue();
        assertUnits(10 + 5 + 300 + 1, 10 + 5 + 300 + 1, 0, 0);
        assertThat(mongo.databases().inventory().count(new org.springframework.data.mongodb.core.query.Query(),
                AdjustmentDocument.class)).isEqualTo(302);
    }

    @Test
    void anAdjustmentAppliedButNotYetInTheLedgerIsRecognisedThere() {
        UUID delivery = UUID.randomUUID();
        // as left by a crash between the stock update and the ledger's record
        mongo.databases().inventory().updateFirst(
                org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id").is("A")),
                new org.springframework.data.mongodb.core.query.Update().inc("stocked", 4).inc("available", 4)
                        .set("adjustments." + delivery, 4), StockDocument.COLLECTION);

        assertThat(stock.adjust("A", 4, delivery)).isTrue();

        assertUnits(14, 14, 0, 0);
        assertThat(mongo.databases().inventory().findById(delivery, AdjustmentDocument.class).delta()).isEqualTo(4);
    }

    /** A clock the test moves on. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private void assertUnits(long stocked, long available, long held, long sold) {
        StockDocument a = stock.load(List.of("A")).get("A");
        assertThat(List.of(a.stocked(), a.available(), a.held(), a.sold())).as("stocked, available, held, sold")
                .containsExactly(stocked, available, held, sold);
    }

    private static OrderPlaced order(UUID orderId, String sku, int quantity) {
        return new OrderPlaced(orderId, UUID.randomUUID(), List.of(new OrderLine(sku, quantity, 100)), 100L * quantity, "EUR");
    }
}
