package dev.orderpipeline.lag;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the monitor saw at its latest poll, per consumer group.
 *
 * @param observedAt when the poll was made; {@code null} before the first successful poll
 */
public record LagSnapshot(Instant observedAt, List<GroupLag> groups) {

    public static final LagSnapshot EMPTY = new LagSnapshot(null, List.of());

    /**
     * @param lagMessages sum of the partitions' lag
     * @param lagSeconds  the largest of the partitions' lag in seconds
     * @param state       the group's state as the coordinator reports it (STABLE, EMPTY, DEAD, ...)
     * @param members     active members of the group
     */
    public record GroupLag(String group, LagStatus status, long lagMessages, double lagSeconds, String state,
                           int members, List<PartitionLag> partitions) {
    }

    /**
     * @param committedOffset the group's committed offset: the next record it will consume
     * @param endOffset       the partition's last stable offset (read_committed end): one past the
     *                        last record a read_committed consumer can read, transaction markers included
     * @param lag             {@code max(0, endOffset - committedOffset)}
     */
    public record PartitionLag(String topic, int partition, long committedOffset, long endOffset, long lag,
                               double lagSeconds, LagStatus status) {
    }

    public Optional<GroupLag> group(String name) {
        return groups.stream().filter(g -> g.group().equals(name)).findFirst();
    }
}
