package dev.orderpipeline.loadgen;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestockTest {

    @Test
    void ordersBoundTheCheckoutsWhenThereIsNoWarmUp() {
        LoadGenerator.Settings settings = builder().orders(300).warmup(Duration.ZERO).build();

        assertThat(Restock.expectedCheckouts(settings)).isEqualTo(300);
        assertThat(Restock.unitsPerSku(settings, 5)).isEqualTo(300 * 6 / 5 + 50);
    }

    @Test
    void aRateBoundsThemByTimeWarmUpIncluded() {
        LoadGenerator.Settings settings = builder().rate(20).duration(Duration.ofSeconds(30)).build();

        assertThat(Restock.expectedCheckouts(settings)).isEqualTo(20 * 10 + 20 * 30);
    }

    @Test
    void mixStepsMakeOneCheckoutInFourteen() {
        LoadGenerator.Settings settings = builder().mode(Mode.MIX).requests(140).warmup(Duration.ZERO).build();

        assertThat(Restock.expectedCheckouts(settings)).isEqualTo(11);
    }

    @Test
    void aClosedLoopAssumesAGenerousRateAndTheAdminLimitCaps() {
        LoadGenerator.Settings settings = builder().duration(Duration.ofHours(10)).build();

        assertThat(Restock.unitsPerSku(settings, 1)).isEqualTo(Restock.MAX_UNITS);
        assertThat(Restock.unitsPerSku(builder().build(), 14)).isGreaterThan(10_000);
    }

    private static LoadGenerator.Settings.Builder builder() {
        return LoadGenerator.Settings.builder();
    }
}
