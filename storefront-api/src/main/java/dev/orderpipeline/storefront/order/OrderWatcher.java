package dev.orderpipeline.storefront.order;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.orderpipeline.storefront.StorefrontProperties;
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
 * instance. MongoDB has no change streams here (and the storefront never writes it), so the
 * watcher learns which orders changed from {@link OrderChanges} (the orders topic) and reads just
 * those, the watched ones among them, in ONE {@code _id $in [...]} query; an order is also read
 * right after a stream for it opens, and every {@code recheckInterval} all watched orders are read
 * again, in case an announcement was missed. Each stream gets an event when its order differs from
 * what it last sent, and is closed after a final status, after {@code maxLifetime} (the browser
 * reconnects), on shutdown, or when its client goes away (noticed on the next write; a comment line
 * is written every {@code heartbeat} for that). Every replica runs its own watcher, so streams work
 * behind any load balancer. A stream asked for an order that is not recorded yet (a checkout a
 * moment ago) waits up to {@code appearWithin} for it to be announced.
 */
@Component
public class OrderWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderWatcher.class);
    static final long RECONNECT_MILLIS = 1000;
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);

    /** Longest wait for announcements before the watcher looks at newly opened streams. */
    private static final Duration TICK = Duration.ofMillis(20);

    private final OrderReader orders;
    private final OrderChanges changes;
    private final Duration recheckInterval;
    private final Duration maxLifetime;
    private final Duration heartbeat;
    private final Duration appearWithin;
    private final Map<UUID, Set<Stream>> watched = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<OrderView>> awaited = new ConcurrentHashMap<>();
    /** Orders to read at the next tick whatever is announced: their streams opened a moment ago. */
    private final Set<UUID> opened = ConcurrentHashMap.newKeySet();
    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;
    private Thread watcher;

    public OrderWatcher(OrderReader orders, OrderChanges changes, StorefrontProperties properties, MeterRegistry meters) {
        this.orders = orders;
        this.changes = changes;
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
        Stream stream = new Stream(current.orderId(), emitter, System.nanoTime() + maxLifetime.toNanos());
        emitter.onCompletion(() -> forget(stream));
        emitter.onTimeout(() -> stream.close());
        emitter.onError(error -> forget(stream));
        stream.send(current);
        if (!stream.closed && running) {
            watched.computeIfAbsent(stream.orderId, id -> ConcurrentHashMap.newKeySet()).add(stream);
            opened.add(stream.orderId); // a change announced before the stream was registered is not lost
        } else {
            stream.close(); // final already, or shutting down: the client reconnects to another instance
        }
        return emitter;
    }

    /**
     * Blocks (a virtual thread: cheap) until the order is announced and read, for at most
     * {@code appearWithin}; empty if it did not appear.
     */
    public Optional<OrderView> awaitFirstView(UUID orderId) {
        if (!running || appearWithin.isZero()) {
            return Optional.empty();
        }
        CompletableFuture<OrderView> appeared = awaited.computeIfAbsent(orderId, id -> new CompletableFuture<>());
        opened.add(orderId);
        try {
            return Optional.of(appeared.get(appearWithin.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            awaited.remove(orderId, appeared);
        }
    }

    int streamCount() {
        return watched.values().stream().mapToInt(Set::size).sum();
    }

    private void forget(Stream stream) {
        stream.closed = true;
        watched.computeIfPresent(stream.orderId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    /**
     * Reads the orders announced changed, those whose streams just opened, and every
     * {@code recheckInterval} all watched ones; closes streams past their lifetime and keeps idle
     * ones alive once a second.
     */
    private void watch() {
        long nextRecheck = System.nanoTime();
        long nextHousekeeping = System.nanoTime();
        while (running) {
            try {
                Set<UUID> toRead = new HashSet<>();
                for (UUID orderId : changes.poll(TICK)) {
                    if (watched.containsKey(orderId) || awaited.containsKey(orderId)) {
                        toRead.add(orderId);
                    }
                }
                drainInto(toRead);
                long now = System.nanoTime();
                if (now - nextRecheck >= 0) {
                    toRead.addAll(watched.keySet());
                    toRead.addAll(awaited.keySet());
                    nextRecheck = now + recheckInterval.toNanos();
                }
                if (!toRead.isEmpty()) {
                    deliver(orders.findAll(toRead));
                }
                if (now - nextHousekeeping >= 0) {
                    closeExpiredAndKeepAlive(now);
                    nextHousekeeping = now + HOUSEKEEPING.toNanos();
                }
            } catch (RuntimeException e) {
                log.warn("Watching orders failed ({}); retrying", e.toString());
                sleepAfterFailure();
            }
        }
        changes.close();
    }

    private void drainInto(Set<UUID> toRead) {
        for (UUID orderId : opened) {
            opened.remove(orderId);
            toRead.add(orderId);
        }
    }

    /** Each stream of a read order gets the order if it changed; waiting requests get it at once. */
    void deliver(Map<UUID, OrderView> views) {
        views.forEach((orderId, view) -> {
            CompletableFuture<OrderView> appeared = awaited.get(orderId);
            if (appeared != null) {
                appeared.complete(view);
            }
            for (Stream stream : watched.getOrDefault(orderId, Set.of())) {
                if (!view.equals(stream.lastSent)) {
                    writers.execute(() -> stream.send(view));
                }
            }
        });
    }

    private void closeExpiredAndKeepAlive(long now) {
        watched.values().forEach(streams -> streams.forEach(stream -> {
            if (now - stream.deadline >= 0) {
                writers.execute(stream::close);
            } else if (now - stream.lastWrite >= heartbeat.toNanos()) {
                writers.execute(stream::heartbeat);
            }
        }));
    }

    private void sleepAfterFailure() {
        try {
            Thread.sleep(TICK.multipliedBy(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        watcher = Thread.ofPlatform().name("order-watcher").daemon().start(this::watch);
    }

    /** Closes every stream so graceful shutdown is not held up; browsers reconnect elsewhere. */
    @Override
    public void stop() {
        running = false;
        watched.values().forEach(streams -> streams.forEach(Stream::close));
        watched.clear();
        writers.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One client's stream; writes are serialised per stream and never repeat the last view. */
    private final class Stream {
        final UUID orderId;
        final SseEmitter emitter;
        final long deadline;
        volatile OrderView lastSent;
        volatile long lastWrite = System.nanoTime();
        volatile boolean closed;

        Stream(UUID orderId, SseEmitter emitter, long deadline) {
            this.orderId = orderId;
            this.emitter = emitter;
            this.deadline = deadline;
        }

        synchronized void send(OrderView view) {
            if (closed || view.equals(lastSent)) {
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
