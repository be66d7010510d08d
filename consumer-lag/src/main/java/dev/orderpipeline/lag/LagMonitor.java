package dev.orderpipeline.lag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls, through the Admin API, every configured consumer group: committed offsets
 * ({@code listConsumerGroupOffsets}), members and assignments ({@code describeConsumerGroups}) and
 * the partitions' end offsets ({@code listOffsets} latest, {@code READ_COMMITTED}: the last stable
 * offset, which is what a read_committed consumer can reach). Keeps per partition an
 * {@link OffsetTimeTable} of end offsets for the lag in seconds and a {@link StatusEvaluator} for
 * the status, and publishes a {@link LagSnapshot} after every poll.
 */
public final class LagMonitor implements AutoCloseable {

    /**
     * @param groups        consumer groups to watch
     * @param pollInterval  how often to ask Kafka
     * @param window        the status evaluation window (Burrow's window, in time)
     * @param tableCapacity points kept per partition for the lag in seconds
     * @param timeout       how long one Admin call may take
     */
    public record Settings(List<String> groups, Duration pollInterval, Duration window, int tableCapacity,
                           Duration timeout) {
        public Settings {
            groups = List.copyOf(groups);
            if (pollInterval.isNegative() || pollInterval.isZero() || window.compareTo(pollInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("the window (" + window + ") must span at least two polls ("
                        + pollInterval + ")");
            }
        }

        public static Settings defaults(List<String> groups) {
            return new Settings(groups, Duration.ofSeconds(3), Duration.ofSeconds(60), 120, Duration.ofSeconds(5));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LagMonitor.class);

    private final Admin admin;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Map<TopicPartition, PartitionState>> state = new HashMap<>();
    private final AtomicReference<LagSnapshot> latest = new AtomicReference<>(LagSnapshot.EMPTY);
    private final List<Consumer<LagSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService scheduler;
    private final AutoCloseable owned;

    private static final class PartitionState {
        final OffsetTimeTable table;
        final StatusEvaluator evaluator;
        long lastCommitted = -1;

        PartitionState(Settings s) {
            table = new OffsetTimeTable(s.tableCapacity());
            evaluator = new StatusEvaluator(s.window(), s.pollInterval());
        }
    }

    public LagMonitor(Admin admin, Settings settings) {
        this(admin, settings, Clock.systemUTC());
    }

    public LagMonitor(Admin admin, Settings settings, Clock clock) {
        this(admin, settings, clock, null);
    }

    /** @param owned closed with the monitor (an Admin client created for it), or null */
    public LagMonitor(Admin admin, Settings settings, Clock clock, AutoCloseable owned) {
        this.admin = admin;
        this.settings = settings;
        this.clock = clock;
        this.owned = owned;
    }

    /** Called after every successful poll, on the polling thread. */
    public void addListener(Consumer<LagSnapshot> listener) {
        listeners.add(listener);
    }

    public Settings settings() {
        return settings;
    }

    public synchronized LagMonitor start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "consumer-lag-monitor");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::pollQuietly, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    public LagSnapshot snapshot() {
        return latest.get();
    }

    private volatile boolean failing;

    private void pollQuietly() {
        try {
            poll();
            if (failing) {
                failing = false;
                LOG.info("Consumer lag polls work again");
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!failing) { // once per outage, not every poll
                failing = true;
                LOG.warn("Consumer lag poll failed, keeping the previous figures until Kafka answers again: {}", e.toString());
            }
        }
    }

    /** One look at every group; public so tests can drive it step by step. */
    public synchronized LagSnapshot poll() throws Exception {
        long timeout = settings.timeout().toMillis();
        Map<String, ConsumerGroupDescription> descriptions = new HashMap<>();
        var described = admin.describeConsumerGroups(settings.groups()).describedGroups();
        for (String group : settings.groups()) {
            try {
                descriptions.put(group, described.get(group).get(timeout, TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                    throw e;
                }
                // not there yet (never committed): shown with no partitions
            }
        }
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (String group : settings.groups()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    present.put(tp, om);
                }
            });
            committed.put(group, present);
        }
        Set<TopicPartition> partitions = new HashSet<>();
        committed.values().forEach(m -> partitions.addAll(m.keySet()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (!partitions.isEmpty()) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = admin
                    .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all().get(timeout, TimeUnit.MILLISECONDS);
            infos.forEach((tp, info) -> ends.put(tp, info.offset()));
        }
        Instant now = clock.instant();
        long nowMillis = now.toEpochMilli();
        List<LagSnapshot.GroupLag> groups = new ArrayList<>();
        for (String group : settings.groups()) {
            ConsumerGroupDescription description = descriptions.get(group);
            Set<TopicPartition> assigned = new HashSet<>();
            int members = 0;
            String groupState = "UNKNOWN";
            if (description != null) {
                for (MemberDescription m : description.members()) {
                    assigned.addAll(m.assignment().topicPartitions());
                }
                members = description.members().size();
                groupState = description.groupState() == null ? "UNKNOWN" : description.groupState().name();
            }
            boolean live = description != null && description.groupState() != GroupState.EMPTY
                    && description.groupState() != GroupState.DEAD && members > 0;
            Map<TopicPartition, PartitionState> groupState0 = state.computeIfAbsent(group, g -> new HashMap<>());
            groupState0.keySet().retainAll(committed.get(group).keySet());
            List<LagSnapshot.PartitionLag> rows = new ArrayList<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.get(group).entrySet()) {
                TopicPartition tp = e.getKey();
                Long end = ends.get(tp);
                if (end == null) {
                    continue;
                }
                long offset = e.getValue().offset();
                PartitionState ps = groupState0.computeIfAbsent(tp, t -> new PartitionState(settings));
                ps.table.add(end, nowMillis);
                long lag = Math.max(0, end - offset);
                double seconds = lag == 0 ? 0 : ps.table.lagSeconds(offset, end, nowMillis);
                boolean moved = ps.lastCommitted >= 0 && offset != ps.lastCommitted;
                ps.lastCommitted = offset;
                ps.evaluator.observe(new StatusEvaluator.Observation(nowMillis, offset, lag,
                        moved || (live && assigned.contains(tp))));
                rows.add(new LagSnapshot.PartitionLag(tp.topic(), tp.partition(), offset, end, lag, seconds,
                        ps.evaluator.evaluate(nowMillis)));
            }
            rows.sort(Comparator.comparing(LagSnapshot.PartitionLag::topic).thenComparingInt(LagSnapshot.PartitionLag::partition));
            LagStatus status = LagStatus.OK;
            long total = 0;
            double maxSeconds = 0;
            for (LagSnapshot.PartitionLag r : rows) {
                status = LagStatus.worst(status, r.status());
                total += r.lag();
                maxSeconds = Math.max(maxSeconds, r.lagSeconds());
            }
            groups.add(new LagSnapshot.GroupLag(group, status, total, maxSeconds, groupState, members, List.copyOf(rows)));
        }
        LagSnapshot snapshot = new LagSnapshot(now, List.copyOf(groups));
        latest.set(snapshot);
        for (Consumer<LagSnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException ex) {
                LOG.warn("Consumer lag listener failed: {}", ex.toString());
            }
        }
        return snapshot;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.debug("closing the monitor's Admin client: {}", e.toString());
            }
        }
    }
}
