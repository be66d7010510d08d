package dev.orderpipeline.runtime.restore;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Writes the worker's {@link RestorePoint} into its own database every {@code interval}, so a
 * backup of that database carries the point from which the worker, restored from it, replays
 * Kafka ({@link RestoreReplay}). Every instance writes it (the last write wins: an older point is
 * as valid, it only replays more). A write that fails (Kafka or MongoDB unreachable) is skipped.
 * While the worker replays after a restore, it writes none: the restored point stays the one a
 * restart replays from, since the decisions pinned after it are not all applied yet.
 */
public class RestorePoints implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RestorePoints.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final MongoTemplate database;
    private final Admin admin;
    private final String group;
    private final String output;
    private final Duration interval;
    private final Clock clock;
    private final boolean writing;
    private ScheduledExecutorService timer;
    private boolean running;

    /**
     * @param writing false while the worker replays after a restore
     */
    public RestorePoints(MongoTemplate database, Admin admin, String group, String output, Duration interval,
                         Clock clock, boolean writing) {
        this.database = database;
        this.admin = admin;
        this.group = group;
        this.output = output;
        this.interval = interval;
        this.clock = clock;
        this.writing = writing;
    }

    /** The point stored in the database, if any. */
    public Optional<RestorePoint> stored() {
        return Optional.ofNullable(database.findById(group, RestorePoint.class));
    }

    /** Reads the group's committed offsets and the output's end offsets and stores them. */
    public RestorePoint write() throws ExecutionException, InterruptedException, TimeoutException {
        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<RestorePoint.Position> consumed = committed.entrySet().stream().filter(entry -> entry.getValue() != null)
                .map(entry -> position(entry.getKey(), entry.getValue().offset())).toList();
        TopicDescription topic = admin.describeTopics(List.of(output)).allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(output);
        Map<TopicPartition, OffsetSpec> latest = topic.partitions().stream().collect(Collectors.toMap(
                partition -> new TopicPartition(output, partition.partition()), partition -> OffsetSpec.latest()));
        List<RestorePoint.Position> produced = admin.listOffsets(latest).all()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                .map(entry -> position(entry.getKey(), entry.getValue().offset())).toList();
        RestorePoint point = new RestorePoint(group, clock.instant(), consumed, produced);
        database.save(point);
        return point;
    }

    private static RestorePoint.Position position(TopicPartition partition, long offset) {
        return new RestorePoint.Position(partition.topic(), partition.partition(), offset);
    }

    private void writeQuietly() {
        try {
            write();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Restore point not written, the next one is in {}: {}", interval, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        if (!writing) {
            log.info("Replaying after a restore: no restore point is written until the worker starts without"
                    + " pipeline.restore.replay");
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("restore-points").daemon()
                .factory());
        timer.scheduleWithFixedDelay(this::writeQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }
}
