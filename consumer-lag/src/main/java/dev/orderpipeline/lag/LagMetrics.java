package dev.orderpipeline.lag;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Micrometer gauges of the latest {@link LagSnapshot} (feed it with {@link LagMonitor#addListener}).
 * In Prometheus terms:
 * <ul>
 *   <li>{@code pipeline_consumer_lag_messages{group,topic,partition}}, {@code pipeline_consumer_lag_seconds{...}},
 *       {@code pipeline_consumer_partition_status{...}}</li>
 *   <li>{@code pipeline_consumer_group_lag_messages{group}}, {@code pipeline_consumer_group_lag_seconds{group}},
 *       {@code pipeline_consumer_group_status{group}}</li>
 * </ul>
 * Status as a number: 0 OK, 1 WARN, 2 STALL, 3 STOP. Gauges of partitions that disappear are removed.
 */
public final class LagMetrics {

    public static final String LAG_MESSAGES = "pipeline.consumer.lag.messages";
    public static final String LAG_SECONDS = "pipeline.consumer.lag.seconds";
    public static final String PARTITION_STATUS = "pipeline.consumer.partition.status";
    public static final String GROUP_LAG_MESSAGES = "pipeline.consumer.group.lag.messages";
    public static final String GROUP_LAG_SECONDS = "pipeline.consumer.group.lag.seconds";
    public static final String GROUP_STATUS = "pipeline.consumer.group.status";

    private final MeterRegistry registry;

    private record Registered(Meter.Id id, double[] value) {
    }

    /** By name and tags as given (the registry's id adds its common tags). */
    private final Map<String, Registered> gauges = new HashMap<>();

    public LagMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public synchronized void update(LagSnapshot snapshot) {
        Set<String> seen = new HashSet<>();
        for (LagSnapshot.GroupLag g : snapshot.groups()) {
            Tags groupTags = Tags.of("group", g.group());
            set(seen, GROUP_LAG_MESSAGES, groupTags, g.lagMessages(), "messages", "Records the group has not consumed yet");
            set(seen, GROUP_LAG_SECONDS, groupTags, g.lagSeconds(), "seconds", "Age of the oldest record the group has not consumed (largest over its partitions)");
            set(seen, GROUP_STATUS, groupTags, g.status().code(), null, "Burrow-style status: 0 OK, 1 WARN, 2 STALL, 3 STOP");
            for (LagSnapshot.PartitionLag p : g.partitions()) {
                Tags tags = groupTags.and("topic", p.topic()).and("partition", Integer.toString(p.partition()));
                set(seen, LAG_MESSAGES, tags, p.lag(), "messages", "Records of the partition the group has not consumed yet");
                set(seen, LAG_SECONDS, tags, p.lagSeconds(), "seconds", "Age of the oldest record of the partition the group has not consumed");
                set(seen, PARTITION_STATUS, tags, p.status().code(), null, "Burrow-style status: 0 OK, 1 WARN, 2 STALL, 3 STOP");
            }
        }
        gauges.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue().id());
            return true;
        });
    }

    private void set(Set<String> seen, String name, Tags tags, double value, String unit, String description) {
        String key = name + tags;
        Registered existing = gauges.get(key);
        if (existing != null) {
            existing.value()[0] = value;
        } else {
            double[] holder = new double[] {value};
            Gauge gauge = Gauge.builder(name, holder, h -> h[0]).tags(tags).baseUnit(unit).description(description)
                    .strongReference(true).register(registry);
            gauges.put(key, new Registered(gauge.getId(), holder));
        }
        seen.add(key);
    }
}
