package dev.orderpipeline.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.orderpipeline.testkit.FreePorts;
import dev.orderpipeline.testkit.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor against a real broker (KRaft, as a process): lag equal to what Kafka's own
 * ConsumerGroupCommand reports, lag in seconds within 20 % of the real age of the oldest
 * unconsumed record, the status going OK, WARN, STALL, STOP and back to OK, and 0 for a group
 * that drained a transactional topic. Polls every second, 10 s window.
 */
class LagMonitorIT {

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final int PARTITIONS = 3;

    private static KafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "lag-it-");
        broker = new KafkaBroker(dir.resolve("kafka"), FreePorts.next(), FreePorts.next(), dir.resolve("kafka.log")).start();
        admin = broker.admin();
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    private static void createTopic(String name) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    private static LagMonitor monitor(String group) {
        return new LagMonitor(admin, new LagMonitor.Settings(List.of(group), POLL, WINDOW, 120, Duration.ofSeconds(5)));
    }

    private static KafkaConsumer<String, String> consumer(String group, int maxPollRecords) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p);
    }

    /** Commits the consumer's position on every assigned partition (what the workers' transactions commit). */
    private static void commitPositions(KafkaConsumer<String, String> consumer) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            offsets.put(tp, new OffsetAndMetadata(consumer.position(tp)));
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    /** Commits, on every assigned partition, a sixth of the records that have arrived (never going back). */
    private static void commitASixthOfTheArrivals(KafkaConsumer<String, String> consumer) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        consumer.endOffsets(consumer.assignment()).forEach((tp, end) -> {
            long target = Math.max(end / 6, committed(consumer, tp));
            offsets.put(tp, new OffsetAndMetadata(target));
        });
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    private static long committed(KafkaConsumer<String, String> consumer, TopicPartition tp) {
        OffsetAndMetadata c = consumer.committed(java.util.Set.of(tp)).get(tp);
        return c == null ? 0 : c.offset();
    }

    /** Timestamp of the record at {@code offset}: the append time of the oldest record the group has not consumed. */
    private static long timestampAt(TopicPartition tp, long offset) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(p)) {
            reader.assign(List.of(tp));
            reader.seek(tp, offset);
            long[] ts = {-1};
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= offset) {
                        ts[0] = r.timestamp();
                        return true;
                    }
                }
                return false;
            });
            return ts[0];
        }
    }

    private enum Mode { CONSUME_SLOWLY, STALL, STOPPED }

    @Test
    void lagAgreesWithKafkaAndTheStatusFollowsTheConsumer() throws Exception {
        String topic = "lag-it";
        String group = "lag-it-group";
        createTopic(topic);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LagMetrics metrics = new LagMetrics(registry);
        List<LagStatus> statuses = new CopyOnWriteArrayList<>();
        ScheduledExecutorService consumerThread = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService producerThread = Executors.newSingleThreadScheduledExecutor();
        try (LagMonitor monitor = monitor(group); KafkaProducer<String, String> producer = producer(null)) {
            monitor.addListener(metrics::update);
            monitor.addListener(s -> s.group(group).ifPresent(g -> {
                if (!g.partitions().isEmpty() && (statuses.isEmpty() || statuses.getLast() != g.status())) {
                    statuses.add(g.status());
                }
            }));
            monitor.start();

            // A consumer with a sixth of the capacity it needs: on every tick it commits, per partition,
            // one sixth of what has arrived. Its offsets advance, yet its lag (five sixths of the
            // arrivals) never shrinks, however unevenly the busy machine schedules the producer.
            // Its partitions stay paused: the monitor sees only committed offsets, so it fetches nothing.
            KafkaConsumer<String, String> slow = consumer(group, 1);
            slow.subscribe(List.of(topic));
            AtomicReference<Mode> mode = new AtomicReference<>(Mode.CONSUME_SLOWLY);
            consumerThread.scheduleWithFixedDelay(() -> {
                if (mode.get() == Mode.STOPPED) {
                    return;
                }
                try {
                    slow.pause(slow.assignment());
                    slow.poll(Duration.ofMillis(50));
                    if (mode.get() == Mode.CONSUME_SLOWLY) {
                        commitASixthOfTheArrivals(slow);
                    } else {
                        commitPositions(slow); // STALL: the same offsets again
                    }
                } catch (RuntimeException e) {
                    System.out.println("[lag-it] slow consumer: " + e);
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            await("the group's partitions in the monitor").atMost(Duration.ofSeconds(30))
                    .until(() -> monitor.snapshot().group(group).map(g -> g.partitions().size()).orElse(0) == PARTITIONS);

            AtomicLong sent = new AtomicLong();
            producerThread.scheduleAtFixedRate(() -> {
                for (int i = 0; i < 9; i++) {
                    long n = sent.getAndIncrement();
                    producer.send(new ProducerRecord<>(topic, (int) (n % PARTITIONS), "k" + n, "v" + n));
                }
            }, 0, 100, TimeUnit.MILLISECONDS);

            // falling behind: WARN (a full 10 s window of advancing offsets and growing lag)
            await("WARN while falling behind").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> monitor.snapshot().group(group).map(g -> g.status() == LagStatus.WARN).orElse(false));
            LagSnapshot behind = monitor.snapshot();
            System.out.println("[lag-it] falling behind: " + behind);
            for (LagSnapshot.PartitionLag p : behind.group(group).orElseThrow().partitions()) {
                assertThat(p.lag()).isPositive();
                long appended = timestampAt(new TopicPartition(p.topic(), p.partition()), p.committedOffset());
                double realAge = (behind.observedAt().toEpochMilli() - appended) / 1000.0;
                System.out.printf("[lag-it] partition %d: lag %d, lagSeconds %.2f, real age %.2f s%n", p.partition(),
                        p.lag(), p.lagSeconds(), realAge);
                assertThat(realAge).as("real age, partition %d", p.partition()).isGreaterThan(2.0);
                assertThat(p.lagSeconds()).as("lag seconds of partition %d vs real age %.2f s", p.partition(), realAge)
                        .isBetween(realAge * 0.8, realAge * 1.2);
            }
            assertThat(registry.get(LagMetrics.GROUP_STATUS).tag("group", group).gauge().value())
                    .isEqualTo(behind.group(group).orElseThrow().status().code());

            // commits keep coming but do not move: STALL
            producerThread.shutdownNow();
            producerThread.awaitTermination(5, TimeUnit.SECONDS);
            producer.flush();
            consumerThread.submit(() -> { // on the consumer's thread, so no tick sees one without the other
                slow.assignment().forEach(tp -> slow.seek(tp, committed(slow, tp)));
                mode.set(Mode.STALL);
            }).get(30, TimeUnit.SECONDS);
            await("STALL when commits stop moving").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> monitor.snapshot().group(group).map(g -> g.status() == LagStatus.STALL).orElse(false));

            // the same numbers as Kafka's own tool, partition by partition (nothing moves now)
            Map<TopicPartition, ConsumerGroupCommandOutput.Row> kafka = ConsumerGroupCommandOutput.describe(
                    broker.bootstrapServers(), group);
            LagSnapshot.GroupLag ours = monitor.poll().group(group).orElseThrow();
            assertThat(ours.partitions()).hasSize(kafka.size());
            long total = 0;
            for (LagSnapshot.PartitionLag p : ours.partitions()) {
                ConsumerGroupCommandOutput.Row k = kafka.get(new TopicPartition(p.topic(), p.partition()));
                System.out.printf("[lag-it] %s-%d: ours committed %d end %d lag %d | ConsumerGroupCommand %d %d %d%n",
                        p.topic(), p.partition(), p.committedOffset(), p.endOffset(), p.lag(), k.currentOffset(),
                        k.logEndOffset(), k.lag());
                assertThat(p.lag()).isPositive().isEqualTo(k.lag());
                assertThat(p.committedOffset()).isEqualTo(k.currentOffset());
                assertThat(p.endOffset()).isEqualTo(k.logEndOffset());
                total += k.lag();
            }
            assertThat(ours.lagMessages()).isEqualTo(total);
            assertThat(registry.get(LagMetrics.GROUP_LAG_MESSAGES).tag("group", group).gauge().value())
                    .isEqualTo((double) total);

            // no commits at all: STOP
            mode.set(Mode.STOPPED);
            consumerThread.submit((Runnable) slow::close).get(30, TimeUnit.SECONDS);
            await("STOP when commits stop").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> monitor.snapshot().group(group).map(g -> g.status() == LagStatus.STOP).orElse(false));

            // a consumer drains the backlog: OK, 0 messages, 0 seconds
            try (KafkaConsumer<String, String> fast = consumer(group, 500)) {
                fast.subscribe(List.of(topic));
                await("OK after draining").atMost(Duration.ofSeconds(40)).until(() -> {
                    fast.poll(Duration.ofMillis(200));
                    commitPositions(fast);
                    return monitor.snapshot().group(group)
                            .map(g -> g.status() == LagStatus.OK && g.lagMessages() == 0 && !g.partitions().isEmpty())
                            .orElse(false);
                });
            }
            LagSnapshot.GroupLag drained = monitor.snapshot().group(group).orElseThrow();
            assertThat(drained.lagSeconds()).isZero();
            assertThat(drained.partitions()).allSatisfy(p -> assertThat(p.lag()).isZero());
            System.out.println("[lag-it] status sequence: " + statuses);
            assertThat(statuses).containsSubsequence(LagStatus.OK, LagStatus.WARN, LagStatus.STALL, LagStatus.STOP, LagStatus.OK);
        } finally {
            producerThread.shutdownNow();
            consumerThread.shutdownNow();
        }
    }

    @Test
    void aGroupThatDrainedATransactionalTopicShowsZero() throws Exception {
        String topic = "lag-it-tx";
        String group = "lag-it-tx-group";
        createTopic(topic);
        int records = 0;
        try (KafkaProducer<String, String> producer = producer("lag-it-tx-producer");
             KafkaConsumer<String, String> consumer = consumer(group, 500);
             LagMonitor monitor = monitor(group)) {
            producer.initTransactions();
            for (int t = 0; t < 5; t++) {
                producer.beginTransaction();
                for (int i = 0; i < 10; i++, records++) {
                    producer.send(new ProducerRecord<>(topic, records % PARTITIONS, "k", "v" + records));
                }
                producer.commitTransaction();
            }
            consumer.subscribe(List.of(topic));
            int[] consumed = {0};
            await("drained").atMost(Duration.ofSeconds(30)).until(() -> {
                consumed[0] += consumer.poll(Duration.ofMillis(200)).count();
                commitPositions(consumer);
                LagSnapshot.GroupLag g = monitor.poll().group(group).orElseThrow();
                return consumed[0] == 50 && g.partitions().size() == PARTITIONS && g.lagMessages() == 0;
            });
            LagSnapshot.GroupLag g = monitor.poll().group(group).orElseThrow();
            Map<TopicPartition, ConsumerGroupCommandOutput.Row> kafka = ConsumerGroupCommandOutput.describe(
                    broker.bootstrapServers(), group);
            for (LagSnapshot.PartitionLag p : g.partitions()) {
                System.out.printf("[lag-it] tx %s-%d: committed %d end %d lag %d (ConsumerGroupCommand lag %d)%n", p.topic(),
                        p.partition(), p.committedOffset(), p.endOffset(), p.lag(),
                        kafka.get(new TopicPartition(p.topic(), p.partition())).lag());
                // the end offset counts the transaction markers, and the committed offset is past them
                assertThat(p.endOffset()).isGreaterThan(records / PARTITIONS);
                assertThat(p.lag()).isZero();
                assertThat(p.lagSeconds()).isZero();
                assertThat(kafka.get(new TopicPartition(p.topic(), p.partition())).lag()).isZero();
            }
            assertThat(g.status()).isEqualTo(LagStatus.OK);

            // an open transaction: its records are not consumable yet by a read_committed group, so no lag
            producer.beginTransaction();
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "k", "open" + i));
            }
            producer.flush();
            assertThat(monitor.poll().group(group).orElseThrow().lagMessages()).isZero();
            Map<TopicPartition, ConsumerGroupCommandOutput.Row> highWatermark = ConsumerGroupCommandOutput.describe(
                    broker.bootstrapServers(), group);
            System.out.println("[lag-it] open transaction: ConsumerGroupCommand (high watermark) lag "
                    + highWatermark.values().stream().mapToLong(ConsumerGroupCommandOutput.Row::lag).sum() + ", ours 0");
            producer.commitTransaction();
            await("the committed transaction is lag").atMost(Duration.ofSeconds(10))
                    .until(() -> monitor.poll().group(group).orElseThrow().lagMessages() >= 6);
            await("drained again").atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200));
                commitPositions(consumer);
                return monitor.poll().group(group).orElseThrow().lagMessages() == 0;
            });
        }
    }
}
