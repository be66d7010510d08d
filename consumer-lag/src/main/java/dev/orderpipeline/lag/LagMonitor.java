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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
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
        Map<String, ConsumerGroupDescription> descriptions = describeGroups();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (String group : settings.groups()) {
            committed.put(group, committedOffsets(group));
        }
        Map<TopicPartition, Long> ends = endOffsets(committed);
        Instant now = clock.instant();
        List<LagSnapshot.GroupLag> groups = new ArrayList<>();
        for (String group : settings.groups()) {
            groups.add(groupLag(group, descriptions.get(group), committed.get(group), ends, now.toEpochMilli()));
        }
        LagSnapshot snapshot = new LagSnapshot(now, List.copyOf(groups));
        publish(snapshot);
        return snapshot;
    }

    /** The groups Kafka knows; a group that never committed is not there yet and shows no partitions. */
    private Map<String, ConsumerGroupDescription> describeGroups() throws Exception {
        Map<String, ConsumerGroupDescription> descriptions = new HashMap<>();
        var described = admin.describeConsumerGroups(settings.groups()).describedGroups();
        for (String group : settings.groups()) {
            try {
                descriptions.put(group, described.get(group).get(timeoutMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
        }
        return descriptions;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(timeoutMillis(), TimeUnit.MILLISECONDS)
                .forEach((partition, offset) -> {
                    if (offset != null) {
                        present.put(partition, offset);
                    }
                });
        return present;
    }

    /** The last stable offsets of every partition a group committed on. */
    private Map<TopicPartition, Long> endOffsets(Map<String, Map<TopicPartition, OffsetAndMetadata>> committed)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        committed.values().forEach(offsets -> offsets.keySet().forEach(p -> request.put(p, OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (!request.isEmpty()) {
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all().get(timeoutMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
        }
        return ends;
    }

    private LagSnapshot.GroupLag groupLag(String group, ConsumerGroupDescription description,
                                          Map<TopicPartition, OffsetAndMetadata> committed,
                                          Map<TopicPartition, Long> ends, long nowMillis) {
        Set<TopicPartition> assigned = new HashSet<>();
        int members = 0;
        String groupState = "UNKNOWN";
        if (description != null) {
            description.members().forEach(m -> assigned.addAll(m.assignment().topicPartitions()));
            members = description.members().size();
            groupState = description.groupState() == null ? "UNKNOWN" : description.groupState().name();
        }
        boolean live = description != null && description.groupState() != GroupState.EMPTY
                && description.groupState() != GroupState.DEAD && members > 0;
        Map<TopicPartition, PartitionState> partitionStates = state.computeIfAbsent(group, g -> new HashMap<>());
        partitionStates.keySet().retainAll(committed.keySet());
        List<LagSnapshot.PartitionLag> rows = new ArrayList<>();
        committed.forEach((partition, offset) -> {
            Long end = ends.get(partition);
            if (end != null) {
                PartitionState partitionState = partitionStates.computeIfAbsent(partition, p -> new PartitionState(settings));
                rows.add(partitionLag(partition, partitionState, offset.offset(), end, nowMillis,
                        live && assigned.contains(partition)));
            }
        });
        rows.sort(Comparator.comparing(LagSnapshot.PartitionLag::topic).thenComparingInt(LagSnapshot.PartitionLag::partition));
        LagStatus status = LagStatus.OK;
        long total = 0;
        double maxSeconds = 0;
        for (LagSnapshot.PartitionLag row : rows) {
            status = LagStatus.worst(status, row.status());
            total += row.lag();
            maxSeconds = Math.max(maxSeconds, row.lagSeconds());
        }
        return new LagSnapshot.GroupLag(group, status, total, maxSeconds, groupState, members, List.copyOf(rows));
    }

    /** @param consuming a live member has the partition assigned (so an unmoving offset is a stall, not a stop) */
    private static LagSnapshot.PartitionLag partitionLag(TopicPartition partition, PartitionState state, long offset,
                                                         long end, long nowMillis, boolean consuming) {
        state.table.add(end, nowMillis);
        long lag = Math.max(0, end - offset);
        double seconds = lag == 0 ? 0 : state.table.lagSeconds(offset, end, nowMillis);
        boolean moved = state.lastCommitted >= 0 && offset != state.lastCommitted;
        state.lastCommitted = offset;
        state.evaluator.observe(new StatusEvaluator.Observation(nowMillis, offset, lag, moved || consuming));
        return new LagSnapshot.PartitionLag(partition.topic(), partition.partition(), offset, end, lag, seconds,
                state.evaluator.evaluate(nowMillis));
    }

    private void publish(LagSnapshot snapshot) {
        latest.set(snapshot);
        for (Consumer<LagSnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException ex) {
                LOG.warn("Consumer lag listener failed: {}", ex.toString());
            }
        }
    }

    private long timeoutMillis() {
        return settings.timeout().toMillis();
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
