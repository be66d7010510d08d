package dev.orderpipeline.loadgen;

import java.util.List;
import java.util.Random;

import dev.orderpipeline.loadgen.MixCycle.Step;
import org.junit.jupiter.api.RepeatedTest;

import static org.assertj.core.api.Assertions.assertThat;

class MixCycleTest {

    @RepeatedTest(20)
    void tenBrowsesAndThreeAddsInSomeOrderThenTheCheckout() {
        List<Step> steps = MixCycle.next(new Random());

        assertThat(steps).hasSize(14).endsWith(Step.CHECKOUT);
        assertThat(steps).filteredOn(step -> step == Step.BROWSE).hasSize(10);
        assertThat(steps).filteredOn(step -> step == Step.ADD_TO_CART).hasSize(3);
    }
}
