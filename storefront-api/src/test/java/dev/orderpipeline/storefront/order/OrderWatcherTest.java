package dev.orderpipeline.storefront.order;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.runtime.InMemoryMongo;
import dev.orderpipeline.storefront.StorefrontProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watcher against a MongoDB-wire server, with the orders topic's announcements played by the
 * test: it reads only announced orders that someone watches (one {@code $in} query for all of
 * them), an order once right after its stream opens, all watched orders every recheck interval,
 * nothing while nobody watches; streams end on a final status and after their lifetime.
 */
class OrderWatcherTest {

    private static final Duration NEVER = Duration.ofHours(1);

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final MongoCollection<Document> orders = mongo.collection("orders", "orders");
    private final List<Collection<UUID>> queries = new CopyOnWriteArrayList<>();
    private final Announcements announcements = new Announcements();
    private final OrderReader reader;
    private OrderWatcher watcher;

    OrderWatcherTest() {
        reader = new OrderReader(mongo.databases()) {
            @Override
            public Map<UUID, OrderView> findAll(Collection<UUID> orderIds) {
                queries.add(List.copyOf(orderIds));
                return super.findAll(orderIds);
            }
        };
    }

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.stop();
        }
        mongo.close();
    }

    @Test
    void onlyAnnouncedOrdersThatSomeoneWatchesAreReadAllInOneQuery() {
        start(Duration.ofMinutes(2), NEVER);
        announce(UUID.randomUUID());
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(insertPending());
        }
        for (int stream = 0; stream < 30; stream++) {
            watcher.open(reader.find(ids.get(stream % 3)).orElseThrow());
        }
        assertThat(watcher.streamCount()).isEqualTo(30);
        await().until(() -> queries.stream().flatMap(Collection::stream).distinct().count() == 3);
        queries.clear();

        confirm(ids.getFirst());
        announce(ids.getFirst(), UUID.randomUUID());

        await().until(() -> watcher.streamCount() == 20);
        assertThat(queries).as("one read, of the one watched order announced")
                .singleElement().satisfies(query -> assertThat(query).containsExactly(ids.getFirst()));
    }

    @Test
    void anOrderIsReadRightAfterItsStreamOpensSoAChangeJustBeforeIsNotMissed() {
        start(Duration.ofMinutes(2), NEVER);
        UUID id = insertPending();
        OrderView seen = reader.find(id).orElseThrow();
        confirm(id); // changed (and announced) between the stream's first read and its registration
        watcher.open(seen);

        await().until(() -> watcher.streamCount() == 0);
        assertThat(queries.getLast()).containsExactly(id);
    }

    @Test
    void everyWatchedOrderIsReadAgainEachRecheckIntervalEvenUnannounced() {
        start(Duration.ofMinutes(2), Duration.ofMillis(100));
        UUID id = insertPending();
        watcher.open(reader.find(id).orElseThrow());

        confirm(id);

        await().until(() -> watcher.streamCount() == 0);
    }

    @Test
    void nothingIsReadWhileNobodyWatches() {
        start(Duration.ofMinutes(2), Duration.ofMillis(50));
        UUID id = insertPending();
        announce(id);
        await().until(announcements::drained);
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        assertThat(queries).isEmpty();
    }

    @Test
    void aFinalOrderIsNotWatched() {
        start(Duration.ofMinutes(2), NEVER);
        UUID id = insertPending();
        orders.updateOne(Filters.eq("_id", id.toString()), Updates.set("status", "REJECTED"));
        watcher.open(reader.find(id).orElseThrow());
        assertThat(watcher.streamCount()).isZero();
    }

    @Test
    void aStreamEndsAfterItsLifetime() {
        start(Duration.ofMillis(200), NEVER);
        watcher.open(reader.find(insertPending()).orElseThrow());
        assertThat(watcher.streamCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> watcher.streamCount() == 0);
    }

    @Test
    void aStreamForAnOrderNotRecordedYetWaitsForItsAnnouncement() throws Exception {
        start(Duration.ofMinutes(2), NEVER);
        UUID id = UUID.randomUUID();
        Future<Optional<OrderView>> waiting = Executors.newVirtualThreadPerTaskExecutor()
                .submit(() -> watcher.awaitFirstView(id));
        await().until(() -> queries.stream().anyMatch(query -> query.contains(id)));
        assertThat(waiting).as("not recorded yet").isNotDone();

        insertPending(id);
        announce(id);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).hasValueSatisfying(view -> assertThat(view.orderId()).isEqualTo(id));
    }

    @Test
    void anOrderThatDoesNotAppearIsAnsweredEmptyAfterTheWait() {
        start(Duration.ofMinutes(2), NEVER);
        long started = System.nanoTime();
        assertThat(watcher.awaitFirstView(UUID.randomUUID())).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    private void start(Duration maxLifetime, Duration recheckInterval) {
        watcher = new OrderWatcher(reader, announcements, new StorefrontProperties("", Duration.ofSeconds(6), null,
                new StorefrontProperties.OrderEvents(recheckInterval, maxLifetime, Duration.ofSeconds(15),
                        Duration.ofSeconds(2)),
                new StorefrontProperties.Catalog(Duration.ofSeconds(1)),
                new StorefrontProperties.CheckedOutCarts(100, Duration.ZERO)),
                new SimpleMeterRegistry());
        watcher.start();
    }

    private void announce(UUID... orderIds) {
        announcements.queue.add(List.of(orderIds));
    }

    private void confirm(UUID id) {
        orders.updateOne(Filters.eq("_id", id.toString()),
                Updates.combine(Updates.set("status", "CONFIRMED"), Updates.set("updatedAt", new java.util.Date())));
    }

    private UUID insertPending() {
        return insertPending(UUID.randomUUID());
    }

    /** An order as the order processor records it. */
    private UUID insertPending(UUID id) {
        mongo.databases().orders().insert(OrderDocument.created(id, UUID.randomUUID(),
                List.of(new OrderLine("MUG-1", 2, 1450)), 2900, "EUR", null, new Customer("ann@example.com", "Ann"),
                UUID.randomUUID(), Instant.now()));
        return id;
    }

    /** The orders topic as the test plays it: what is announced is handed out at the watcher's next poll. */
    private static final class Announcements implements OrderChanges {
        final LinkedBlockingQueue<List<UUID>> queue = new LinkedBlockingQueue<>();

        @Override
        public Collection<UUID> poll(Duration timeout) {
            try {
                List<UUID> next = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return next == null ? List.of() : next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }

        boolean drained() {
            return queue.isEmpty();
        }

        @Override
        public void close() {
        }
    }
}
