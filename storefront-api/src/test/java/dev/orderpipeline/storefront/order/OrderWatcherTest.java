package dev.orderpipeline.storefront.order;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

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
 * The shared watcher against a MongoDB-wire server: one {@code $in} query per tick however many
 * streams watch, none while nobody does; streams end on a final status and after their lifetime.
 * Ticks are driven by the test (the poll interval is an hour).
 */
class OrderWatcherTest {

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final MongoCollection<Document> orders = mongo.collection("orders", "orders");
    private final List<Collection<UUID>> queries = new CopyOnWriteArrayList<>();
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

    private OrderWatcher start(Duration maxLifetime) {
        watcher = new OrderWatcher(reader, new StorefrontProperties("", Duration.ofSeconds(6), null,
                new StorefrontProperties.OrderEvents(Duration.ofHours(1), maxLifetime, Duration.ofSeconds(15),
                        Duration.ofSeconds(2))),
                new SimpleMeterRegistry());
        watcher.start();
        return watcher;
    }

    @Test
    void oneQueryPerTickForAllStreamsAndNoneWhileNobodyWatches() {
        start(Duration.ofMinutes(2));
        watcher.tick();
        assertThat(queries).as("no query while nobody watches").isEmpty();

        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(insertPending());
        }
        for (int stream = 0; stream < 30; stream++) {
            watcher.open(reader.find(ids.get(stream % 3)).orElseThrow());
        }
        assertThat(watcher.streamCount()).isEqualTo(30);

        watcher.tick();
        assertThat(queries).singleElement().satisfies(query -> assertThat(query).containsExactlyInAnyOrderElementsOf(ids));

        orders.updateOne(Filters.eq("_id", ids.getFirst().toString()),
                Updates.combine(Updates.set("status", "CONFIRMED"), Updates.set("updatedAt", new Date())));
        watcher.tick();
        assertThat(queries).hasSize(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> watcher.streamCount() == 20);
        watcher.tick();
        assertThat(queries.getLast()).as("a final order is no longer watched").hasSize(2);
    }

    @Test
    void aFinalOrderIsNotWatched() {
        start(Duration.ofMinutes(2));
        UUID id = insertPending();
        orders.updateOne(Filters.eq("_id", id.toString()), Updates.set("status", "REJECTED"));
        watcher.open(reader.find(id).orElseThrow());
        assertThat(watcher.streamCount()).isZero();
        watcher.tick();
        assertThat(queries).isEmpty();
    }

    @Test
    void aStreamEndsAfterItsLifetime() {
        start(Duration.ofMillis(200));
        watcher.open(reader.find(insertPending()).orElseThrow());
        assertThat(watcher.streamCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            watcher.tick();
            return watcher.streamCount() == 0;
        });
    }

    @Test
    void aStreamForAnOrderNotRecordedYetWaitsForItOnTheSharedQuery() throws Exception {
        start(Duration.ofMinutes(2));
        UUID id = UUID.randomUUID();
        var waiting = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()
                .submit(() -> watcher.awaitFirstView(id));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            watcher.tick();
            return !queries.isEmpty();
        });
        assertThat(queries.getLast()).as("the awaited order is in the tick's one query").containsExactly(id);
        assertThat(waiting).isNotDone();
        insertPending(id);
        watcher.tick();
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).hasValueSatisfying(
                view -> assertThat(view.orderId()).isEqualTo(id));
        int queriesSoFar = queries.size();
        watcher.tick();
        assertThat(queries).as("nothing awaited or watched any more: no query").hasSize(queriesSoFar);
    }

    @Test
    void anOrderThatDoesNotAppearIsAnsweredEmptyAfterTheWait() {
        start(Duration.ofMinutes(2));
        long started = System.nanoTime();
        assertThat(watcher.awaitFirstView(UUID.randomUUID())).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    private UUID insertPending() {
        return insertPending(UUID.randomUUID());
    }

    /** An order as the order processor records it. */
    private UUID insertPending(UUID id) {
        mongo.databases().orders().insert(OrderDocument.created(id, UUID.randomUUID(),
                List.of(new OrderLine("MUG-1", 2, 1450)), 2900, "EUR", null, new Customer("ann@example.com", "Ann"),
                Instant.now()));
        return id;
    }
}
