package dev.orderpipeline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import dev.orderpipeline.systemtests.FaultProof.Fault;
import org.junit.jupiter.api.Test;

class FaultProofPlanTest {

    @Test
    void theDefaultPlanHasFiveKillsOneOfEachRestartAndARewindInOrderOfTheRun() {
        List<Fault> plan = FaultProof.plan(1, 1, true, new Random(42));

        assertThat(plan).extracting(Fault::what).filteredOn(what -> what.startsWith("kill")).hasSize(5);
        assertThat(plan).extracting(Fault::what).containsOnlyOnce("restart broker", "restart mongodb", "rewind inventory-worker");
        assertThat(plan).extracting(Fault::at).isSorted().allSatisfy(at -> assertThat(at).isBetween(0.0, 1.0));
    }

    @Test
    void eachWorkerIsScaledUpBeforeItIsScaledDown() {
        List<String> order = FaultProof.plan(1, 1, true, new Random(3)).stream().map(Fault::what).toList();

        for (String worker : List.of("order-processor", "inventory-worker")) {
            assertThat(order.indexOf("scale up " + worker)).isNotNegative().isLessThan(order.indexOf("scale down " + worker));
        }
    }

    @Test
    void workersKilledOnTheClockLeaveOnlyRestartsAndTheRewindToThePlan() {
        List<Fault> plan = FaultProof.plan(2, 3, false, new Random(7));

        assertThat(plan).extracting(Fault::what).containsExactlyInAnyOrder("restart broker", "restart broker",
                "restart mongodb", "restart mongodb", "restart mongodb", "rewind inventory-worker",
                "scale up order-processor", "scale down order-processor", "scale up inventory-worker",
                "scale down inventory-worker", "zombie order-processor", "zombie inventory-worker");
        assertThat(plan).extracting(Fault::at).isSorted().allSatisfy(at -> assertThat(at).isBetween(0.0, 1.0));
    }
}
