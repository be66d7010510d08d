package dev.orderpipeline.loadgen;

import java.util.List;

import dev.orderpipeline.loadgen.LoadResult.Second;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesTest {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long ORIGIN = 1_000 * S;

    @Test
    void eventsLandInTheSecondTheyHappenedIn() {
        Series series = new Series(ORIGIN, ORIGIN);
        series.started(ORIGIN + 100 * MS);
        series.started(ORIGIN + 900 * MS);
        series.finished(ORIGIN + 999 * MS, "CONFIRMED", 40 * MS);
        series.finished(ORIGIN + S, "REJECTED", 80 * MS);
        series.error(ORIGIN + S + 5 * MS);

        List<Second> closed = series.closeBefore(ORIGIN + 2 * S);

        assertThat(closed).containsExactly(
                new Second(0, 2, 1, 0, 0, 0, 40.0, 40.0),
                new Second(1, 0, 0, 1, 1, 0, 80.0, 80.0));
    }

    @Test
    void quietSecondsAreThereWithNoLatency() {
        Series series = new Series(ORIGIN, ORIGIN);
        series.started(ORIGIN + 2 * S + 1);

        List<Second> closed = series.closeBefore(ORIGIN + 3 * S);

        assertThat(closed).extracting(Second::t).containsExactly(0L, 1L, 2L);
        assertThat(closed.get(1).p50()).isNaN();
        assertThat(closed.get(2).started()).isEqualTo(1);
    }

    @Test
    void warmUpSecondsHaveNegativeTAndAreLeftOutOfTheMeasuredSeries() {
        long runStart = ORIGIN - 2 * S;
        Series series = new Series(ORIGIN, runStart);
        series.started(runStart + 10 * MS);
        series.started(ORIGIN + 10 * MS);

        assertThat(series.closeAll(ORIGIN + 500 * MS)).extracting(Second::t).containsExactly(-2L, -1L, 0L);
        assertThat(series.measured()).singleElement().extracting(Second::started).isEqualTo(1L);
    }

    @Test
    void aLateEventForAClosedSecondCountsInTheNextOne() {
        Series series = new Series(ORIGIN, ORIGIN);
        series.closeBefore(ORIGIN + S + 1);

        series.started(ORIGIN + 999 * MS);

        assertThat(series.closeAll(ORIGIN + S + 2)).singleElement()
                .extracting(Second::t, Second::started).containsExactly(1L, 1L);
    }

    @Test
    void percentilesOfASecondAreInMilliseconds() {
        Series series = new Series(ORIGIN, ORIGIN);
        for (int i = 1; i <= 100; i++) {
            series.finished(ORIGIN + i * MS, "CONFIRMED", i * MS);
        }

        Second second = series.closeBefore(ORIGIN + S).getFirst();

        assertThat(second.confirmed()).isEqualTo(100);
        assertThat(second.p50()).isEqualTo(50.0);
        assertThat(second.p99()).isEqualTo(99.0);
    }

    @Test
    void secondsEndOnWholeSecondsFromTheOrigin() {
        Series series = new Series(ORIGIN, ORIGIN);
        assertThat(series.indexOf(ORIGIN - 1)).isEqualTo(-1);
        assertThat(series.indexOf(ORIGIN)).isZero();
        assertThat(series.endOf(0)).isEqualTo(ORIGIN + S);
        assertThat(series.endOf(-1)).isEqualTo(ORIGIN);
    }
}
