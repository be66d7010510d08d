package dev.orderpipeline.storefront.order;

import java.io.IOException;
import java.time.Duration;
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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 * instance. MongoDB has no change streams here (and the storefront never writes it), so one shared
 * poller reads every watched order in ONE {@code _id $in [...]} query per tick, and only while
 * someone watches; each stream gets an event when its order differs from what it last sent, and is
 * closed after a final status, after {@code maxLifetime} (the browser reconnects), on shutdown, or
 * when its client goes away (noticed on the next write; a comment line is written every
 * {@code heartbeat} for that). Every replica runs its own watcher, so streams work behind any
 * load balancer. A stream asked for an order that is not recorded yet (a checkout a moment ago)
 * waits up to {@code appearWithin} for it on the same query.
 */
@Component
public class OrderWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderWatcher.class);
    static final long RECONNECT_MILLIS = 1000;

    private final OrderReader orders;
    private final Duration pollInterval;
    private final Duration maxLifetime;
    private final Duration heartbeat;
    private final Duration appearWithin;
    private final Map<UUID, Set<Stream>> watched = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<OrderView>> awaited = new ConcurrentHashMap<>();
    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition someoneWatches = lock.newCondition();
    private volatile boolean running;
    private Thread poller;

    public OrderWatcher(OrderReader orders, StorefrontProperties properties, MeterRegistry meters) {
        this.orders = orders;
        this.pollInterval = properties.orderEvents().pollInterval();
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
            signal();
        } else {
            stream.close(); // final already, or shutting down: the client reconnects to another instance
        }
        return emitter;
    }

    /**
     * Blocks (a virtual thread: cheap) until the next ticks find the order, for at most
     * {@code appearWithin}; empty if it did not appear.
     */
    public Optional<OrderView> awaitFirstView(UUID orderId) {
        if (!running || appearWithin.isZero()) {
            return Optional.empty();
        }
        CompletableFuture<OrderView> appeared = awaited.computeIfAbsent(orderId, id -> new CompletableFuture<>());
        signal();
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

    private void signal() {
        lock.lock();
        try {
            someoneWatches.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (without querying) while nobody watches; otherwise ticks every {@code pollInterval},
     * however many streams open in between.
     */
    private void pollLoop() {
        while (running) {
            lock.lock();
            try {
                while (running && watched.isEmpty() && awaited.isEmpty()) {
                    someoneWatches.await();
                }
                long remaining = pollInterval.toNanos();
                while (running && remaining > 0) {
                    remaining = someoneWatches.awaitNanos(remaining);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (running) {
                try {
                    tick();
                } catch (RuntimeException e) {
                    log.warn("Polling the watched orders failed ({}); retrying", e.toString());
                }
            }
        }
    }

    /** One query for every watched order, then each stream decides whether it has news. */
    void tick() {
        if (watched.isEmpty() && awaited.isEmpty()) {
            return;
        }
        Set<UUID> ids = new java.util.HashSet<>(watched.keySet());
        ids.addAll(awaited.keySet());
        Map<UUID, OrderView> views = orders.findAll(ids);
        awaited.forEach((orderId, appeared) -> {
            OrderView view = views.get(orderId);
            if (view != null) {
                appeared.complete(view);
            }
        });
        long now = System.nanoTime();
        watched.forEach((orderId, streams) -> {
            OrderView view = views.get(orderId);
            for (Stream stream : streams) {
                if (now - stream.deadline >= 0) {
                    writers.execute(stream::close);
                } else if (view != null && !view.equals(stream.lastSent)) {
                    writers.execute(() -> stream.send(view));
                } else if (now - stream.lastWrite >= heartbeat.toNanos()) {
                    writers.execute(stream::heartbeat);
                }
            }
        });
    }

    @Override
    public void start() {
        running = true;
        poller = Thread.ofPlatform().name("order-watcher").daemon().start(this::pollLoop);
    }

    /** Closes every stream so graceful shutdown is not held up; browsers reconnect elsewhere. */
    @Override
    public void stop() {
        running = false;
        signal();
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
