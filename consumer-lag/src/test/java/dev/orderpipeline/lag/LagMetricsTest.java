package dev.orderpipeline.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class LagMetricsTest {

    private static LagSnapshot snapshot(long lag, LagStatus status, int partitions) {
        List<LagSnapshot.PartitionLag> rows = new java.util.ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            rows.add(new LagSnapshot.PartitionLag("orders.v1", p, 10, 10 + lag, lag, lag / 10.0, status));
        }
        return new LagSnapshot(Instant.EPOCH, List.of(new LagSnapshot.GroupLag("g", status, lag * partitions,
                lag / 10.0, "STABLE", 1, rows)));
    }

    @Test
    void gaugesFollowTheLatestSnapshotAndPartitionsThatGoAwayAreRemoved() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LagMetrics metrics = new LagMetrics(registry);
        metrics.update(snapshot(5, LagStatus.WARN, 2));
        assertThat(registry.get(LagMetrics.GROUP_LAG_MESSAGES).tag("group", "g").gauge().value()).isEqualTo(10.0);
        assertThat(registry.get(LagMetrics.GROUP_STATUS).tag("group", "g").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(LagMetrics.LAG_SECONDS).tag("partition", "1").gauge().value()).isEqualTo(0.5);

        metrics.update(snapshot(0, LagStatus.OK, 1));
        assertThat(registry.get(LagMetrics.GROUP_LAG_MESSAGES).tag("group", "g").gauge().value()).isZero();
        assertThat(registry.get(LagMetrics.GROUP_STATUS).tag("group", "g").gauge().value()).isZero();
        assertThat(registry.find(LagMetrics.LAG_MESSAGES).tag("partition", "1").gauge()).isNull();
        assertThat(registry.get(LagMetrics.LAG_MESSAGES).tag("partition", "0").gauge().value()).isZero();
    }
}
