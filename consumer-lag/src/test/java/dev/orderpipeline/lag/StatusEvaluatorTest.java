package dev.orderpipeline.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Burrow's rules over a 10 s window, observations every second, on a fake clock (the millis passed in). */
class StatusEvaluatorTest {

    private final StatusEvaluator e = new StatusEvaluator(Duration.ofSeconds(10), Duration.ofSeconds(1));

    private LagStatus at(long second, long committed, long lag, boolean commitSeen) {
        e.observe(new StatusEvaluator.Observation(second * 1000, committed, lag, commitSeen));
        return e.evaluate(second * 1000);
    }

    @Test
    void keepingUpIsOk() {
        for (int s = 0; s <= 30; s++) {
            assertThat(at(s, s * 10L, s % 3, true)).isEqualTo(LagStatus.OK);
        }
    }

    @Test
    void aConsumerThatMovesButFallsFurtherBehindIsWarnOnceTheWindowIsFull() {
        for (int s = 0; s < 9; s++) {
            assertThat(at(s, s * 10L, 5 + s * 7L, true)).as("second %d, window not full yet", s).isEqualTo(LagStatus.OK);
        }
        assertThat(at(9, 90, 5 + 9 * 7L, true)).isEqualTo(LagStatus.WARN);
        assertThat(at(10, 100, 5 + 10 * 7L, true)).isEqualTo(LagStatus.WARN);
        // the lag shrinks once: within this window, no longer "always growing"
        assertThat(at(11, 200, 10, true)).isEqualTo(LagStatus.OK);
    }

    @Test
    void anEqualLagDoesNotBreakTheGrowthButNoGrowthAtAllIsOk() {
        for (int s = 0; s <= 12; s++) {
            at(s, s * 10L, 50 + (s / 2) * 10L, true);
        }
        assertThat(e.evaluate(12_000)).isEqualTo(LagStatus.WARN);
        StatusEvaluator flat = new StatusEvaluator(Duration.ofSeconds(10), Duration.ofSeconds(1));
        for (int s = 0; s <= 12; s++) {
            flat.observe(new StatusEvaluator.Observation(s * 1000L, s * 10L, 50, true));
        }
        assertThat(flat.evaluate(12_000)).isEqualTo(LagStatus.OK);
    }

    @Test
    void commitsThatDoNotMoveWithLagAreStall() {
        for (int s = 0; s < 9; s++) {
            assertThat(at(s, 500, 100 + s, true)).isEqualTo(LagStatus.OK);
        }
        assertThat(at(9, 500, 109, true)).isEqualTo(LagStatus.STALL);
        assertThat(at(15, 500, 115, true)).isEqualTo(LagStatus.STALL);
    }

    @Test
    void lateTicksDoNotMakeAStallFlapBackToOk() {
        // a busy poller: 0.8 to 1.9 s between observations (fixed seed, so the same ticks every run)
        java.util.Random ticks = new java.util.Random(42);
        long t = 0;
        for (int i = 0; i < 200; i++) {
            t += 800 + ticks.nextInt(1100);
            e.observe(new StatusEvaluator.Observation(t, 500, 100 + i, true));
            if (t >= 12_000) {
                assertThat(e.evaluate(t)).as("observation %d at %d ms", i, t).isEqualTo(LagStatus.STALL);
            }
        }
    }

    @Test
    void noCommitForLongerThanTheWindowWithLagIsStop() {
        at(0, 500, 100, true);
        for (int s = 1; s <= 10; s++) {
            assertThat(at(s, 500, 100, false)).as("second %d", s).isIn(LagStatus.OK, LagStatus.STALL);
        }
        assertThat(at(11, 500, 100, false)).isEqualTo(LagStatus.STOP);
        // a commit that moves the offset brings it back
        assertThat(at(12, 550, 50, true)).isNotEqualTo(LagStatus.STOP);
    }

    @Test
    void zeroLagAnywhereInTheWindowIsOkEvenWithoutCommits() {
        at(0, 500, 0, false);
        for (int s = 1; s <= 9; s++) {
            assertThat(at(s, 500, s, false)).isEqualTo(LagStatus.OK);
        }
        // the zero left the window and no commit came for more than the window: STOP
        assertThat(at(11, 500, 11, false)).isEqualTo(LagStatus.STOP);
    }

    @Test
    void theSequenceOfTheIssue() {
        long committed = 0;
        long end = 0;
        int s = 0;
        // falling behind: +10 produced, +4 consumed per second
        for (; s <= 12; s++) {
            end += 10;
            committed += 4;
            at(s, committed, end - committed, true);
        }
        assertThat(e.evaluate(s * 1000L - 1000)).isEqualTo(LagStatus.WARN);
        // commits keep coming but the offset stays
        LagStatus st = null;
        for (int i = 0; i <= 11; i++, s++) {
            st = at(s, committed, end - committed, true);
        }
        assertThat(st).isEqualTo(LagStatus.STALL);
        for (int i = 0; i <= 11; i++, s++) {
            st = at(s, committed, end - committed, false);
        }
        assertThat(st).isEqualTo(LagStatus.STOP);
        // drained
        assertThat(at(s, end, 0, true)).isEqualTo(LagStatus.OK);
    }
}
