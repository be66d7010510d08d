package dev.orderpipeline.loadgen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetTest {

    private static final long MEASURE_START = 1_000;

    @Test
    void warmUpWorkIsUnmeasuredAndNotCounted() {
        Budget budget = new Budget(MEASURE_START, 1, 0);

        assertThat(budget.tryStart(true, MEASURE_START - 1)).isEqualTo(new Budget.Ticket(false));
        assertThat(budget.tryStart(true, MEASURE_START - 1)).isEqualTo(new Budget.Ticket(false));
        assertThat(budget.isStopped()).isFalse();
        assertThat(budget.tryStart(true, MEASURE_START)).isEqualTo(new Budget.Ticket(true));
        assertThat(budget.isStopped()).isTrue();
        assertThat(budget.tryStart(true, MEASURE_START)).isNull();
    }

    @Test
    void theCheckoutLimitCountsOnlyCheckouts() {
        Budget budget = new Budget(MEASURE_START, 2, 0);

        for (int i = 0; i < 10; i++) {
            assertThat(budget.tryStart(false, MEASURE_START)).isNotNull();
        }
        assertThat(budget.tryStart(true, MEASURE_START)).isNotNull();
        assertThat(budget.tryStart(true, MEASURE_START)).isNotNull();
        assertThat(budget.tryStart(false, MEASURE_START)).isNull();
    }

    @Test
    void theStepLimitCountsEveryStep() {
        Budget budget = new Budget(MEASURE_START, 0, 3);

        assertThat(budget.tryStart(false, MEASURE_START)).isNotNull();
        assertThat(budget.tryStart(true, MEASURE_START)).isNotNull();
        assertThat(budget.tryStart(false, MEASURE_START)).isNotNull();
        assertThat(budget.tryStart(false, MEASURE_START)).isNull();
    }

    @Test
    void withoutLimitsOnlyStopEndsIt() throws InterruptedException {
        Budget budget = new Budget(MEASURE_START, 0, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(budget.tryStart(true, MEASURE_START + i)).isNotNull();
        }
        assertThat(budget.awaitStop(1_000_000)).isFalse();

        budget.stop();

        assertThat(budget.awaitStop(0)).isTrue();
        assertThat(budget.tryStart(false, MEASURE_START)).isNull();
    }
}
