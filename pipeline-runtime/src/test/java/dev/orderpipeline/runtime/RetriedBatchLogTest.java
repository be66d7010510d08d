package dev.orderpipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.OptimisticLockingFailureException;

class RetriedBatchLogTest {

    @Test
    void namesTheRootCauseOfAWrappedFailure() {
        Exception error = new IllegalStateException("listener failed",
                new OptimisticLockingFailureException("stock of CANISTER-STEEL changed"));

        assertThat(RetriedBatchLog.rootMessage(error))
                .isEqualTo("OptimisticLockingFailureException: stock of CANISTER-STEEL changed");
    }

    @Test
    void stopsOnACycleOfCauses() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(RetriedBatchLog.rootMessage(first)).startsWith("RuntimeException: ");
    }
}
