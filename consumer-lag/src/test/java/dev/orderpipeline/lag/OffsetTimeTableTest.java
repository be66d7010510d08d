package dev.orderpipeline.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OffsetTimeTableTest {

    @Test
    void interpolatesBetweenThePointsAroundTheOffset() {
        OffsetTimeTable t = new OffsetTimeTable(10);
        t.add(100, 10_000);
        t.add(200, 20_000);
        t.add(400, 30_000);
        assertThat(t.timeOfOffset(150).getAsDouble()).isCloseTo(15_000, within(0.001));
        assertThat(t.timeOfOffset(300).getAsDouble()).isCloseTo(25_000, within(0.001));
        assertThat(t.timeOfOffset(100).getAsDouble()).isCloseTo(10_000, within(0.001));
        // now 40 s: the record at 300 was appended at 25 s
        assertThat(t.lagSeconds(300, 400, 40_000)).isCloseTo(15.0, within(0.001));
    }

    @Test
    void extrapolatesBelowTheOldestPointAtTheTableRate() {
        OffsetTimeTable t = new OffsetTimeTable(10);
        t.add(1_000, 10_000);
        t.add(2_000, 20_000); // 0.1 offsets per ms
        assertThat(t.timeOfOffset(500).getAsDouble()).isCloseTo(5_000, within(0.001));
        assertThat(t.lagSeconds(500, 2_000, 20_000)).isCloseTo(15.0, within(0.001));
    }

    @Test
    void noLagNoSeconds() {
        OffsetTimeTable t = new OffsetTimeTable(10);
        t.add(100, 1_000);
        t.add(200, 2_000);
        assertThat(t.lagSeconds(200, 200, 60_000)).isZero();
        assertThat(t.timeOfOffset(200)).isEmpty();
        assertThat(new OffsetTimeTable(2).lagSeconds(0, 10, 5_000)).isZero();
    }

    @Test
    void aFlatRunKeepsItsFirstAndLatestPoint() {
        OffsetTimeTable t = new OffsetTimeTable(4);
        t.add(100, 1_000);
        t.add(200, 2_000);
        for (int s = 3; s <= 50; s++) {
            t.add(200, s * 1_000L);
        }
        assertThat(t.points()).containsExactly(new OffsetTimeTable.Point(100, 1_000),
                new OffsetTimeTable.Point(200, 2_000), new OffsetTimeTable.Point(200, 50_000));
        t.add(300, 51_000);
        // records after 200 were appended after 50 s (the end offset was still 200 then), not after 2 s
        assertThat(t.timeOfOffset(250).getAsDouble()).isCloseTo(50_500, within(0.001));
        // the record at 150 was appended between 1 s and 2 s
        assertThat(t.timeOfOffset(150).getAsDouble()).isCloseTo(1_500, within(0.001));
    }

    @Test
    void dropsTheOldestPointsBeyondCapacity() {
        OffsetTimeTable t = new OffsetTimeTable(3);
        for (int i = 1; i <= 5; i++) {
            t.add(i * 10L, i * 1_000L);
        }
        assertThat(t.points()).extracting(OffsetTimeTable.Point::offset).containsExactly(30L, 40L, 50L);
        // 10 is below the oldest point (30): 10 offsets per second back from 3 s
        assertThat(t.timeOfOffset(10).getAsDouble()).isCloseTo(1_000, within(0.001));
    }

    @Test
    void aSinglePointOrNoProgressGivesTheOldestTimeAsALowerBound() {
        OffsetTimeTable t = new OffsetTimeTable(5);
        t.add(100, 7_000);
        assertThat(t.lagSeconds(40, 100, 10_000)).isCloseTo(3.0, within(0.001));
    }

    @Test
    void anOffsetGoingBackStartsAnew() {
        OffsetTimeTable t = new OffsetTimeTable(5);
        t.add(100, 1_000);
        t.add(200, 2_000);
        t.add(5, 3_000);
        assertThat(t.points()).containsExactly(new OffsetTimeTable.Point(5, 3_000));
    }
}
