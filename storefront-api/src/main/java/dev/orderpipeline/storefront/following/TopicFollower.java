package dev.orderpipeline.storefront.following;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads one topic on a thread of its own with assigned partitions and no consumer group (every
 * instance sees every event; nothing to commit), from its end or from {@code lookBack} ago, and hands
 * each poll's events to the topic's listeners. A worker stores its MongoDB writes before it sends the
 * events they lead to, so what an event announces is in MongoDB when the event is seen.
 */
final class TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ConsumerFactory<String, byte[]> consumers;
    private final String topic;
    private final Duration lookBack;
    private final List<TopicListener> listeners;
    private volatile Run run;

    TopicFollower(ConsumerFactory<String, byte[]> consumers, String topic, List<TopicListener> listeners) {
        this.consumers = consumers;
        this.topic = topic;
        this.listeners = List.copyOf(listeners);
        this.lookBack = listeners.stream().map(TopicListener::lookBack).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** Starts a run of its own (a stopped context may be started again, as the test framework does). */
    void start() {
        Run started = new Run();
        run = started;
        Thread.ofPlatform().name("follow-" + topic).daemon().start(started::follow);
    }

    void stop() {
        Run current = run;
        if (current != null) {
            current.stop();
        }
    }

    /** One consumer on one thread, from start to stop. */
    private final class Run {
        private volatile boolean running = true;
        private volatile Consumer<String, byte[]> consumer;

        void stop() {
            running = false;
            Consumer<String, byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
        }

        void follow() {
            while (running) {
                try {
                    if (consumer == null) {
                        consumer = assigned();
                    }
                    List<FollowedEvent> events = new ArrayList<>();
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        events.add(new FollowedEvent(record.key(), readable(record.value())));
                    }
                    if (!events.isEmpty()) {
                        hand(events);
                    }
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    log.warn("Following {} failed ({}); retrying", topic, e.toString());
                    pause();
                }
            }
            if (consumer != null) {
                consumer.close();
            }
        }

        private void pause() {
            try {
                Thread.sleep(RETRY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void hand(List<FollowedEvent> events) {
        for (TopicListener listener : listeners) {
            try {
                listener.onEvents(events);
            } catch (RuntimeException e) {
                log.warn("{} failed on events of {}", listener.getClass().getSimpleName(), topic, e);
            }
        }
    }

    private Consumer<String, byte[]> assigned() {
        Consumer<String, byte[]> created = consumers.createConsumer(null, "storefront-follow-" + topic);
        try {
            List<TopicPartition> partitions = created.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            created.assign(partitions);
            created.seekToEnd(partitions);
            if (lookBack.isPositive()) {
                seekBack(created, partitions);
            }
            log.info("Following {} ({} partitions) from {}", topic, partitions.size(),
                    lookBack.isPositive() ? lookBack + " ago" : "its end");
            return created;
        } catch (RuntimeException e) {
            created.close();
            throw e;
        }
    }

    /** To the first offset written since {@code lookBack} ago; partitions with nothing since stay at their end. */
    private void seekBack(Consumer<String, byte[]> created, List<TopicPartition> partitions) {
        long since = Instant.now().minus(lookBack).toEpochMilli();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, since));
        created.offsetsForTimes(times).forEach((partition, offset) -> {
            if (offset != null) {
                created.seek(partition, offset.offset());
            }
        });
    }

    private static EventEnvelope readable(byte[] value) {
        try {
            return value == null ? null : EventJson.read(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

}
