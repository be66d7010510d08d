package dev.orderpipeline.inventory.reservation;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.Reason;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.inventory.reservation.ReservationDocument.State;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reservation rules alone, against stock as read: in order, all or nothing, holds of a replay kept or given back. */
class StockPlanTest {

    private static final Instant NOW = Instant.now();

    private final Map<String, StockDocument> stock = new HashMap<>();

    @Test
    void ordersAreDecidedInTheirOrderAndTheUnitsTakenAreGoneForLaterOnes() {
        available("S", 3);
        OrderPlaced first = order(line("S", 2));
        OrderPlaced second = order(line("S", 2));
        OrderPlaced third = order(line("S", 1));

        StockPlan plan = StockPlan.of(List.of(first, second, third), stock, Map.of(), NOW);

        assertThat(plan.decisions()).extracting(ReservationDocument::orderId, ReservationDocument::state)
                .containsExactly(decision(first, State.HELD), decision(second, State.REJECTED), decision(third, State.HELD));
        assertThat(plan.decisions().get(1).reason().text()).isEqualTo("OUT_OF_STOCK: S");
        assertThat(change("S", plan).taken()).containsExactly(Map.entry(first.orderId(), 2), Map.entry(third.orderId(), 1));
    }

    @Test
    void anOrderWithAShortLineTakesNothingAndLeavesItsOtherLinesToLaterOrders() {
        available("A", 10);
        available("B", 1);
        OrderPlaced greedy = order(line("A", 10), line("B", 2));
        OrderPlaced modest = order(line("A", 10));

        StockPlan plan = StockPlan.of(List.of(greedy, modest), stock, Map.of(), NOW);

        assertThat(plan.decisions()).extracting(ReservationDocument::state).containsExactly(State.REJECTED, State.HELD);
        assertThat(plan.decisions().getFirst().reason().text()).isEqualTo("OUT_OF_STOCK: B");
        assertThat(plan.changes()).extracting(StockChange::sku).containsExactly("A");
        assertThat(change("A", plan).taken()).containsOnlyKeys(modest.orderId());
    }

    @Test
    void everyShortLineIsNamedInTheOrdersLineOrder() {
        available("A", 1);
        available("B", 1);

        StockPlan plan = StockPlan.of(List.of(order(line("A", 2), line("B", 2))), stock, Map.of(), NOW);

        assertThat(plan.decisions().getFirst().reason().text()).isEqualTo("OUT_OF_STOCK: A, B");
        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void anUnknownProductIsNamedRatherThanAShortOne() {
        available("A", 0);

        StockPlan plan = StockPlan.of(List.of(order(line("A", 1), line("GONE", 1))), stock, Map.of(), NOW);

        assertThat(plan.decisions().getFirst().reason().text()).isEqualTo("UNKNOWN_PRODUCT: GONE");
        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void aReplayedOrderKeepsTheLinesItHeldBeforeAndTakesOnlyTheOthers() {
        OrderPlaced order = order(line("A", 2), line("B", 1));
        heldBefore("A", 0, order, 2);
        available("B", 5);

        StockPlan plan = StockPlan.of(List.of(order), stock, Map.of(), NOW);

        assertThat(plan.decisions()).extracting(ReservationDocument::state).containsExactly(State.HELD);
        assertThat(plan.changes()).extracting(StockChange::sku).containsExactly("B");
        assertThat(change("B", plan).taken()).containsExactly(Map.entry(order.orderId(), 1));
    }

    @Test
    void aReplayedOrderThatCanNoLongerBeHeldWholeGivesBackTheLinesItHeldBefore() {
        OrderPlaced order = order(line("A", 2), line("B", 1));
        heldBefore("A", 0, order, 2);
        available("B", 0);

        StockPlan plan = StockPlan.of(List.of(order), stock, Map.of(), NOW);

        assertThat(plan.decisions()).extracting(ReservationDocument::state).containsExactly(State.REJECTED);
        assertThat(plan.changes()).extracting(StockChange::sku).containsExactly("A");
        assertThat(change("A", plan).released()).containsExactly(Map.entry(order.orderId(), 2));
        assertThat(change("A", plan).taken()).isEmpty();
    }

    @Test
    void aDecisionRecordsTheOrdersLinesAndItsAnswer() {
        available("A", 5);
        OrderPlaced order = order(line("A", 2));

        ReservationDocument decision = StockPlan.of(List.of(order), stock, Map.of(), NOW).decisions().getFirst();

        assertThat(decision.lines()).containsExactly(new ReservationDocument.Line("A", 2));
        assertThat(decision.updatedAt()).isEqualTo(NOW);
        assertThat(decision.decision()).isEqualTo(new StockReserved(order.orderId()));
    }

    @Test
    void unitsAReleaseGivesBackAreThereForALaterOrderAsOneEventAtATime() {
        OrderPlaced earlier = order(line("S", 2));
        heldBefore("S", 0, earlier, 2);
        OrderPlaced later = order(line("S", 2));

        StockPlan plan = StockPlan.of(List.of(new OrderCancelled(earlier.orderId(), Reason.parse("EXPIRED: S")), later), stock,
                Map.of(earlier.orderId(), ReservationDocument.held(earlier.orderId(), earlier.lines(), NOW)), NOW);

        assertThat(plan.decisions()).extracting(ReservationDocument::orderId, ReservationDocument::state)
                .containsExactly(decision(later, State.HELD));
        assertThat(plan.finished()).extracting(ReservationDocument::orderId, ReservationDocument::state)
                .containsExactly(decision(earlier, State.RELEASED));
        assertThat(change("S", plan).released()).containsExactly(Map.entry(earlier.orderId(), 2));
        assertThat(change("S", plan).taken()).containsExactly(Map.entry(later.orderId(), 2));
    }

    @Test
    void soldUnitsAreNotThereForALaterOrder() {
        OrderPlaced earlier = order(line("S", 2));
        heldBefore("S", 0, earlier, 2);
        OrderPlaced later = order(line("S", 2));

        StockPlan plan = StockPlan.of(List.of(new OrderConfirmed(earlier.orderId()), later), stock,
                Map.of(earlier.orderId(), ReservationDocument.held(earlier.orderId(), earlier.lines(), NOW)), NOW);

        assertThat(plan.decisions()).extracting(ReservationDocument::state).containsExactly(State.REJECTED);
        assertThat(change("S", plan).sold()).containsExactly(Map.entry(earlier.orderId(), 2));
        assertThat(change("S", plan).taken()).isEmpty();
    }

    @Test
    void aFinishWhoseHoldIsGoneAlreadyOnlyMovesTheReservation() {
        OrderPlaced order = order(line("S", 2));
        available("S", 5); // its hold was sold by an attempt that wrote the stock but not the reservation

        StockPlan plan = StockPlan.of(List.of(new OrderConfirmed(order.orderId())), stock,
                Map.of(order.orderId(), ReservationDocument.held(order.orderId(), order.lines(), NOW)), NOW);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.finished()).extracting(ReservationDocument::state).containsExactly(State.SOLD);
    }

    @Test
    void anOrderPlacedTwiceIsDecidedOnceAndAnsweredTwice() {
        available("S", 5);
        OrderPlaced order = order(line("S", 2));

        StockPlan plan = StockPlan.of(List.of(order, order), stock, Map.of(), NOW);

        assertThat(plan.decisions()).hasSize(1);
        assertThat(change("S", plan).taken()).containsExactly(Map.entry(order.orderId(), 2));
        assertThat(plan.answers()).extracting(StockPlan.Answer::index).containsExactly(0, 1);
    }

    @Test
    void aHoldPinnedByARestoreIsTakenEvenWhereTheUnitsNoLongerCoverIt() {
        available("S", 1);
        OrderPlaced first = order(line("S", 1));
        OrderPlaced pinned = order(line("S", 1));

        StockPlan plan = StockPlan.of(List.of(first, pinned), stock, Map.of(), NOW,
                orderId -> orderId.equals(pinned.orderId()) ? new StockReserved(orderId) : null);

        assertThat(plan.decisions()).extracting(ReservationDocument::state).containsExactly(State.HELD, State.HELD);
        assertThat(plan.answers()).extracting(StockPlan.Answer::decision)
                .containsExactly(new StockReserved(first.orderId()), new StockReserved(pinned.orderId()));
        assertThat(change("S", plan).taken()).containsOnlyKeys(first.orderId(), pinned.orderId());
        assertThat(change("S", plan).forced()).isTrue();
    }

    @Test
    void aRejectionPinnedByARestoreRejectsWithItsReasonThoughTheUnitsWouldCoverIt() {
        available("S", 5);
        OrderPlaced pinned = order(line("S", 1));
        Reason reason = Reason.parse("OUT_OF_STOCK: S");

        StockPlan plan = StockPlan.of(List.of(pinned), stock, Map.of(), NOW,
                orderId -> new StockRejected(orderId, reason));

        assertThat(plan.decisions()).extracting(ReservationDocument::state, ReservationDocument::reason)
                .containsExactly(Tuple.tuple(State.REJECTED, reason));
        assertThat(plan.changes()).isEmpty();
    }

    private void available(String sku, int units) {
        stock.put(sku, StockDocument.empty(sku, units));
    }

    private void heldBefore(String sku, int available, OrderPlaced order, int held) {
        stock.put(sku, new StockDocument(sku, available + held, available, held, 0,
                Map.of(order.orderId().toString(), held), Map.of(), Map.of()));
    }

    private static StockChange change(String sku, StockPlan plan) {
        return plan.changes().stream().filter(change -> change.sku().equals(sku)).findFirst().orElseThrow();
    }

    private static Tuple decision(OrderPlaced order, State state) {
        return Tuple.tuple(order.orderId(), state);
    }

    private static OrderPlaced order(OrderLine... lines) {
        return new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), List.of(lines), 0, "EUR");
    }

    private static OrderLine line(String sku, int quantity) {
        return new OrderLine(sku, quantity, 0);
    }
}
