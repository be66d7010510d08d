package dev.orderpipeline.runtime.restore;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.InvalidEventException;
import dev.orderpipeline.events.PipelineEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * How a worker converges after its MongoDB was restored from a backup (started with
 * {@code pipeline.restore.replay=true}). The backup holds the worker's {@link RestorePoint}:
 * <ul>
 *   <li>each input partition is rewound once, on its first assignment, to the point's committed
 *       offset, so every record whose effects the backup may lack is handled again (the handlers
 *       are idempotent: what the backup has already changes nothing twice);</li>
 *   <li>the decisions the worker published after the point (read from its output topic at start,
 *       the first per order) are <em>pinned</em>: the flows follow them instead of deciding again,
 *       because deciding again could differ (another interleaving of partitions, a timer) from what
 *       the rest of the pipeline and the shoppers have already seen.</li>
 * </ul>
 * Without replay (the default) nothing is rewound and nothing is pinned.
 */
public final class RestoreReplay {

    private static final Logger log = LoggerFactory.getLogger(RestoreReplay.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<TopicPartition, Long> rewindTo;
    private final Map<UUID, PipelineEvent> pins;
    private final Set<TopicPartition> rewound = ConcurrentHashMap.newKeySet();

    private RestoreReplay(Map<TopicPartition, Long> rewindTo, Map<UUID, PipelineEvent> pins) {
        this.rewindTo = rewindTo;
        this.pins = pins;
    }

    public static RestoreReplay off() {
        return new RestoreReplay(Map.of(), Map.of());
    }

    /** Rewinds to {@code rewindTo} and pins {@code pins}, as read elsewhere. */
    static RestoreReplay of(Map<TopicPartition, Long> rewindTo, Map<UUID, PipelineEvent> pins) {
        return new RestoreReplay(Map.copyOf(rewindTo), Map.copyOf(pins));
    }

    /**
     * Replays from {@code point}: reads the decisions published since it from the output topic.
     *
     * @param consumerConfig a consumer's configuration (bootstrap servers, security); group settings are dropped
     * @param decidedOrder   the order a published event decides, or null for an event that decides none
     */
    public static RestoreReplay from(RestorePoint point, Map<String, Object> consumerConfig,
                                     Function<PipelineEvent, UUID> decidedOrder) {
        Map<UUID, PipelineEvent> pins = readDecisions(point.producedOffsets(), consumerConfig, decidedOrder);
        log.info("Restore replay from the point of {}: {} input partitions rewound on assignment, {} decisions"
                + " pinned", point.at(), point.consumed().size(), pins.size());
        return new RestoreReplay(point.consumedOffsets(), pins);
    }

    /** The decision published after the restore point for this order, or null. */
    public PipelineEvent pinned(UUID orderId) {
        return pins.get(orderId);
    }

    public boolean hasPins() {
        return !pins.isEmpty();
    }

    public Set<UUID> pinnedOrders() {
        return pins.keySet();
    }

    /** For a listener's {@link ConsumerSeekAware#onPartitionsAssigned}: rewinds each partition once. */
    public void rewind(Map<TopicPartition, Long> assignments, ConsumerSeekAware.ConsumerSeekCallback callback) {
        assignments.forEach((partition, position) -> {
            Long target = rewindTo.get(partition);
            if (target != null && rewound.add(partition) && position != null && position > target) {
                log.info("Restore replay: {} rewound from {} to {}", partition, position, target);
                callback.seek(partition.topic(), partition.partition(), target);
            }
        });
    }

    private static Map<UUID, PipelineEvent> readDecisions(Map<TopicPartition, Long> from,
                                                          Map<String, Object> consumerConfig,
                                                          Function<PipelineEvent, UUID> decidedOrder) {
        Map<UUID, PipelineEvent> pins = new HashMap<>();
        if (from.isEmpty()) {
            return pins;
        }
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "restore-replay");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(from.keySet());
            warnIfOlderThanTheLog(from, consumer.beginningOffsets(from.keySet()));
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    pin(record, decidedOrder, pins);
                }
            }
        }
        return pins;
    }

    private static void warnIfOlderThanTheLog(Map<TopicPartition, Long> from, Map<TopicPartition, Long> beginning) {
        from.forEach((partition, offset) -> {
            if (beginning.getOrDefault(partition, 0L) > offset) {
                log.error("The restore point is older than the retained log: {} starts at {}, the point is at {};"
                        + " what was decided in between is lost", partition, beginning.get(partition), offset);
            }
        });
    }

    private static void pin(ConsumerRecord<byte[], byte[]> record, Function<PipelineEvent, UUID> decidedOrder,
                            Map<UUID, PipelineEvent> pins) {
        if (record.value() == null) {
            return;
        }
        try {
            PipelineEvent event = EventJson.read(record.value()).payload();
            UUID orderId = decidedOrder.apply(event);
            if (orderId != null) {
                pins.putIfAbsent(orderId, event);
            }
        } catch (InvalidEventException e) {
            // not an event: nothing was decided by it
        }
    }
}
