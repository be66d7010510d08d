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
    void workersKilledOnTheClockLeaveOnlyRestartsAndTheRewindToThePlan() {
        List<Fault> plan = FaultProof.plan(2, 3, false, new Random(7));

        assertThat(plan).extracting(Fault::what).containsExactlyInAnyOrder("restart broker", "restart broker",
                "restart mongodb", "restart mongodb", "restart mongodb", "rewind inventory-worker");
        assertThat(plan).extracting(Fault::at).isSorted().allSatisfy(at -> assertThat(at).isBetween(0.0, 1.0));
    }
}
