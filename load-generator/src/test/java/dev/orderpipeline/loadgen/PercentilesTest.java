package dev.orderpipeline.loadgen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {

    @Test
    void nearestRankOfAnUnsortedSample() {
        long[] values = {50, 10, 40, 20, 30, 100, 90, 80, 70, 60};

        assertThat(Percentiles.of(values, 50)).isEqualTo(50);
        assertThat(Percentiles.of(values, 90)).isEqualTo(90);
        assertThat(Percentiles.of(values, 99)).isEqualTo(100);
        assertThat(Percentiles.of(values, 100)).isEqualTo(100);
        assertThat(Percentiles.of(values, 0)).isEqualTo(10);
    }

    @Test
    void oneValueIsEveryPercentileAndNoneIsNaN() {
        assertThat(Percentiles.of(new long[] {7}, 50)).isEqualTo(7);
        assertThat(Percentiles.of(new long[] {7}, 99)).isEqualTo(7);
        assertThat(Percentiles.of(new long[0], 50)).isNaN();
    }

    @Test
    void theSampleIsLeftAsItWas() {
        long[] values = {3, 1, 2};
        Percentiles.of(values, 50);
        assertThat(values).containsExactly(3, 1, 2);
    }
}
