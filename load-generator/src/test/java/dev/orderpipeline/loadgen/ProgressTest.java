package dev.orderpipeline.loadgen;

import dev.orderpipeline.loadgen.LoadResult.Second;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void aLineShowsTheSecondsFiguresAndTheErrorsSoFar() {
        String line = Progress.line(new Second(4, 20, 19, 1, 0, 0, 48.4, 130.2), 15, 7, 3, Mode.CHECKOUT);

        assertThat(line).matches("\\[load] +15s +started +20/s +confirmed +19/s +rejected +1/s +in flight +7"
                + " +p50 +48 ms +p99 +130 ms +errors 3");
    }

    @Test
    void warmUpSecondsAreMarkedAndASecondWithoutFinalsHasNoPercentiles() {
        String line = Progress.line(new Second(-3, 5, 0, 0, 0, 70, Double.NaN, Double.NaN), 7, 5, 0, Mode.MIX);

        assertThat(line).contains("7s warmup", "steps   70/s", "p50      - ms", "p99      - ms");
    }
}
