package dev.orderpipeline.storefront.order;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.storefront.StorefrontProperties;
import dev.orderpipeline.storefront.following.FollowedEvent;
import dev.orderpipeline.storefront.following.TopicListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Fans order changes out to the open {@code /api/orders/{id}/events} streams of this storefront
 * instance. A stream starts from one read of its order; after that, each change comes from the
 * event the order processor publishes on {@code orders.v1} once it has stored it (this instance
 * follows the topic itself), applied to what the stream last sent, with no MongoDB read. Events
 * may come twice (at-least-once delivery, replays): a stream sends the order's first view and then
 * only its move to a final status, so it never sends a status twice or goes back. A change seen just
 * before a stream registered is remembered ({@value #RECENT} orders) and applied at registration.
 * An event this instance cannot read (a newer schema) makes it read the order; an order whose stream
 * has been open {@code recheckInterval} is read again that often, in case its change was missed.
 * Streams close after a final status, after {@code maxLifetime} (the browser reconnects), on
 * shutdown, or when the client went away (noticed on the next write; a comment line is written every
 * {@code heartbeat} for that). A stream asked for an order not recorded yet (a checkout a moment
 * ago) waits up to {@code appearWithin} for it to be announced.
 */
@Component
public class OrderWatcher implements TopicListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderWatcher.class);
    static final long RECONNECT_MILLIS = 1000;
    static final int RECENT = 10_000;
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);

    private final OrderReader orders;
    private final Duration recheckInterval;
    private final Duration maxLifetime;
    private final Duration heartbeat;
    private final Duration appearWithin;
    private final Map<UUID, Set<Stream>> watched = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<Void>> awaited = new ConcurrentHashMap<>();
    private final RecentChanges recent = new RecentChanges();
    private volatile ExecutorService writers;
    private final AtomicBoolean rechecking = new AtomicBoolean();
    private volatile boolean running;
    private ScheduledExecutorService housekeeping;
    private long nextRecheck;

    public OrderWatcher(OrderReader orders, StorefrontProperties properties, MeterRegistry meters) {
        this.orders = orders;
        this.recheckInterval = properties.orderEvents().recheckInterval();
        this.maxLifetime = properties.orderEvents().maxLifetime();
        this.heartbeat = properties.orderEvents().heartbeat();
        this.appearWithin = properties.orderEvents().appearWithin();
        Gauge.builder("storefront.order.streams", this, OrderWatcher::streamCount)
                .description("open order event streams on this instance").register(meters);
        Gauge.builder("storefront.order.streams.orders", watched, Map::size)
                .description("distinct orders watched on this instance").register(meters);
    }

    /**
     * Opens a stream for an order whose current view is {@code current}: sends it at once, closes
     * at once if it is final, otherwise watches it.
     */
    public SseEmitter open(OrderView current) {
        // The servlet timeout only backs up our own lifetime limit.
        SseEmitter emitter = new SseEmitter(maxLifetime.plus(Duration.ofSeconds(30)).toMillis());
        Stream stream = new Stream(current.orderId(), emitter);
        emitter.onCompletion(() -> forget(stream));
        emitter.onTimeout(stream::close);
        emitter.onError(error -> forget(stream));
        stream.send(current);
        if (!stream.closed && running) {
            watched.computeIfAbsent(stream.orderId, id -> ConcurrentHashMap.newKeySet()).add(stream);
            OrderChange seen = recent.get(stream.orderId); // seen between the read of current and now
            if (seen != null) {
                stream.apply(seen);
            }
        } else {
            stream.close(); // final already, or shutting down: the client reconnects to another instance
        }
        return emitter;
    }

    /**
     * Blocks (a virtual thread: cheap) until the order is announced, for at most {@code appearWithin},
     * then reads it: empty if it did not appear.
     */
    public Optional<OrderView> awaitFirstView(UUID orderId) {
        if (!running || appearWithin.isZero()) {
            return Optional.empty();
        }
        CompletableFuture<Void> announced = awaited.computeIfAbsent(orderId, id -> new CompletableFuture<>());
        try {
            if (recent.get(orderId) == null) {
                announced.get(appearWithin.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException | ExecutionException e) {
            // not announced in time: the read below says whether it is there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            awaited.remove(orderId, announced);
        }
        return orders.find(orderId);
    }

    @Override
    public String topic() {
        return Topics.ORDERS;
    }

    /** Applies each announced change to the streams of its order; reads only orders whose event is unreadable. */
    @Override
    public void onEvents(List<FollowedEvent> events) {
        Set<UUID> toRead = new HashSet<>();
        for (FollowedEvent followed : events) {
            UUID orderId = orderIdOf(followed.key());
            if (orderId == null) {
                continue;
            }
            Optional<OrderChange> change = Optional.ofNullable(followed.event()).flatMap(OrderChange::of);
            change.ifPresent(seen -> recent.put(orderId, seen));
            CompletableFuture<Void> announced = awaited.get(orderId);
            if (announced != null) {
                announced.complete(null);
            }
            Set<Stream> streams = watched.getOrDefault(orderId, Set.of());
            if (change.isEmpty() && !streams.isEmpty()) {
                toRead.add(orderId);
            }
            change.ifPresent(seen -> streams.forEach(stream -> writers.execute(() -> stream.apply(seen))));
        }
        if (!toRead.isEmpty()) {
            writers.execute(() -> readAndDeliver(toRead));
        }
    }

    int streamCount() {
        return watched.values().stream().mapToInt(Set::size).sum();
    }

    private static UUID orderIdOf(String key) {
        try {
            return key == null ? null : UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            return null; // not an order's event
        }
    }

    private void forget(Stream stream) {
        stream.closed = true;
        watched.computeIfPresent(stream.orderId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    private void readAndDeliver(Set<UUID> orderIds) {
        try {
            orders.findAll(orderIds).forEach((orderId, view) -> watched.getOrDefault(orderId, Set.of())
                    .forEach(stream -> writers.execute(() -> stream.send(view))));
        } catch (RuntimeException e) {
            log.warn("Reading watched orders failed ({}); the next recheck retries", e.toString());
        }
    }

    /** Once a second: closes streams past their lifetime, keeps idle ones alive, and rechecks when due. */
    private void houseKeep() {
        long now = System.nanoTime();
        Set<UUID> longWatched = new HashSet<>();
        watched.forEach((orderId, streams) -> streams.forEach(stream -> {
            if (now - stream.deadline >= 0) {
                writers.execute(stream::close);
            } else if (now - stream.lastWrite >= heartbeat.toNanos()) {
                writers.execute(stream::heartbeat);
            }
            if (now - stream.opened >= recheckInterval.toNanos()) {
                longWatched.add(orderId);
            }
        }));
        if (now - nextRecheck >= 0 && !longWatched.isEmpty() && rechecking.compareAndSet(false, true)) {
            nextRecheck = now + recheckInterval.toNanos();
            writers.execute(() -> {
                try {
                    readAndDeliver(longWatched);
                } finally {
                    rechecking.set(false);
                }
            });
        }
    }

    @Override
    public void start() {
        writers = Executors.newVirtualThreadPerTaskExecutor();
        running = true;
        nextRecheck = System.nanoTime();
        housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("order-streams").daemon().factory());
        housekeeping.scheduleWithFixedDelay(this::houseKeep, HOUSEKEEPING.toMillis(), HOUSEKEEPING.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Closes every stream so graceful shutdown is not held up; browsers reconnect elsewhere. */
    @Override
    public void stop() {
        running = false;
        housekeeping.shutdownNow();
        watched.values().forEach(streams -> streams.forEach(Stream::close));
        watched.clear();
        writers.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The latest change seen of the last {@value #RECENT} orders; a final change is never replaced. */
    private static final class RecentChanges {
        private final Map<UUID, OrderChange> changes = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, OrderChange> eldest) {
                return size() > RECENT;
            }
        };

        synchronized void put(UUID orderId, OrderChange change) {
            OrderChange before = changes.get(orderId);
            if (before == null || !before.status().isFinal()) {
                changes.put(orderId, change);
            }
        }

        synchronized OrderChange get(UUID orderId) {
            return changes.get(orderId);
        }
    }

    /**
     * One client's stream; writes are serialised per stream. It sends its order's first view, then
     * only a final one: never a status twice, never back.
     */
    private final class Stream {
        final UUID orderId;
        final SseEmitter emitter;
        final long opened = System.nanoTime();
        final long deadline = opened + maxLifetime.toNanos();
        volatile OrderView lastSent;
        volatile long lastWrite = opened;
        volatile boolean closed;

        Stream(UUID orderId, SseEmitter emitter) {
            this.orderId = orderId;
            this.emitter = emitter;
        }

        /** The order as {@code change} left what this stream last sent, if it moved it to a final status. */
        synchronized void apply(OrderChange change) {
            if (lastSent != null && change.status().isFinal()) {
                send(lastSent.changedBy(change));
            }
        }

        synchronized void send(OrderView view) {
            if (closed || (lastSent != null && (lastSent.isFinal() || !view.isFinal()))) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().name("status").reconnectTime(RECONNECT_MILLIS)
                        .data(view, MediaType.APPLICATION_JSON));
                lastSent = view;
                lastWrite = System.nanoTime();
            } catch (IOException | IllegalStateException e) {
                forget(this); // the client went away
                return;
            }
            if (view.isFinal()) {
                close();
            }
        }

        synchronized void heartbeat() {
            if (closed) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
                lastWrite = System.nanoTime();
            } catch (IOException | IllegalStateException e) {
                forget(this);
            }
        }

        synchronized void close() {
            if (!closed) {
                forget(this);
                emitter.complete();
            }
        }
    }
}
