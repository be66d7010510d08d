package dev.orderpipeline.storefront.order;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.runtime.InMemoryMongo;
import dev.orderpipeline.storefront.StorefrontProperties;
import dev.orderpipeline.storefront.following.FollowedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watcher against a MongoDB-wire server, with the events of {@code orders.v1} handed to it by
 * the test as its follower would: a stream starts from one read of its order and takes the change
 * from the event, reading nothing more; an order is read again only when its event is unreadable or
 * its stream has been open a recheck interval; streams end on a final status and after their lifetime.
 */
class OrderWatcherTest {

    private static final Duration NEVER = Duration.ofHours(1);

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final List<Collection<UUID>> reads = new CopyOnWriteArrayList<>();
    private final OrderReader reader;
    private OrderWatcher watcher;

    OrderWatcherTest() {
        reader = new OrderReader(mongo.databases()) {
            @Override
            public Optional<OrderView> find(UUID orderId) {
                reads.add(List.of(orderId));
                return super.find(orderId);
            }

            @Override
            public Map<UUID, OrderView> findAll(Collection<UUID> orderIds) {
                reads.add(List.copyOf(orderIds));
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
    void aStreamTakesItsFinalStatusFromTheEventWithoutReadingTheOrderAgain() {
        start(Duration.ofMinutes(2), NEVER);
        UUID id = insertPending();
        watcher.open(firstRead(id));
        assertThat(watcher.streamCount()).isEqualTo(1);

        watcher.onEvents(List.of(event(new OrderConfirmed(id))));

        await().until(() -> watcher.streamCount() == 0);
        assertThat(reads).as("nothing read after the stream's first read").isEmpty();
    }

    @Test
    void eventsOfOrdersNobodyWatchesAreNotRead() {
        start(Duration.ofMinutes(2), NEVER);
        UUID watchedId = insertPending();
        watcher.open(firstRead(watchedId));

        watcher.onEvents(List.of(event(new OrderConfirmed(UUID.randomUUID())),
                new FollowedEvent(UUID.randomUUID().toString(), null), new FollowedEvent("not-an-order", null)));

        assertThat(watcher.streamCount()).isEqualTo(1);
        assertThat(reads).isEmpty();
    }

    @Test
    void aRepeatedPlacementLeavesTheStreamOpenAndTheFinalStatusClosesIt() {
        start(Duration.ofMinutes(2), NEVER);
        UUID id = insertPending();
        watcher.open(firstRead(id));
        EventEnvelope placed = event(placed(id)).event();

        watcher.onEvents(List.of(new FollowedEvent(id.toString(), placed), new FollowedEvent(id.toString(), placed)));
        assertThat(watcher.streamCount()).isEqualTo(1);

        EventEnvelope confirmed = event(new OrderConfirmed(id)).event();
        watcher.onEvents(List.of(new FollowedEvent(id.toString(), confirmed), new FollowedEvent(id.toString(), confirmed)));
        await().until(() -> watcher.streamCount() == 0);
        assertThat(reads).isEmpty();
    }

    @Test
    void aChangeSeenJustBeforeTheStreamRegisteredIsAppliedFromMemory() {
        start(Duration.ofMinutes(2), NEVER);
        UUID id = insertPending();
        OrderView seen = firstRead(id);
        watcher.onEvents(List.of(event(new OrderConfirmed(id)))); // between the stream's first read and its registration

        watcher.open(seen);

        await().until(() -> watcher.streamCount() == 0);
        assertThat(reads).isEmpty();
    }

    @Test
    void anEventThisInstanceCannotReadMakesItReadTheOrder() {
        start(Duration.ofMinutes(2), NEVER);
        UUID id = insertPending();
        watcher.open(firstRead(id));
        confirm(id);

        watcher.onEvents(List.of(new FollowedEvent(id.toString(), null)));

        await().until(() -> watcher.streamCount() == 0);
        assertThat(reads).containsExactly(List.of(id));
    }

    @Test
    void anOrderWatchedLongerThanTheRecheckIntervalIsReadAgainEvenUnannounced() {
        start(Duration.ofMinutes(2), Duration.ofMillis(100));
        UUID id = insertPending();
        watcher.open(firstRead(id));

        confirm(id);

        await().until(() -> watcher.streamCount() == 0);
        assertThat(reads).isNotEmpty().allSatisfy(read -> assertThat(read).containsExactly(id));
    }

    @Test
    void aWatcherStoppedAndStartedAgainServesStreams() {
        start(Duration.ofMinutes(2), NEVER);
        watcher.stop();
        watcher.start();
        UUID id = insertPending();
        watcher.open(firstRead(id));

        watcher.onEvents(List.of(event(new OrderConfirmed(id))));

        await().until(() -> watcher.streamCount() == 0);
    }

    @Test
    void aFinalOrderIsNotWatched() {
        start(Duration.ofMinutes(2), NEVER);
        UUID id = insertPending();
        mongo.collection("orders", "orders").updateOne(Filters.eq("_id", id.toString()), Updates.set("status", "REJECTED"));
        watcher.open(firstRead(id));
        assertThat(watcher.streamCount()).isZero();
    }

    @Test
    void aStreamEndsAfterItsLifetime() {
        start(Duration.ofMillis(200), NEVER);
        watcher.open(firstRead(insertPending()));
        assertThat(watcher.streamCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> watcher.streamCount() == 0);
    }

    @Test
    void aStreamForAnOrderNotRecordedYetWaitsForItsAnnouncementThenReadsIt() throws Exception {
        start(Duration.ofMinutes(2), NEVER);
        UUID id = UUID.randomUUID();
        Future<Optional<OrderView>> waiting = Executors.newVirtualThreadPerTaskExecutor()
                .submit(() -> watcher.awaitFirstView(id));

        insertPending(id);
        assertThat(waiting).as("not announced yet").isNotDone();
        watcher.onEvents(List.of(event(placed(id))));

        assertThat(waiting.get(5, TimeUnit.SECONDS)).hasValueSatisfying(view -> assertThat(view.orderId()).isEqualTo(id));
        assertThat(reads).containsExactly(List.of(id));
    }

    @Test
    void anOrderThatDoesNotAppearIsAnsweredEmptyAfterTheWait() {
        start(Duration.ofMinutes(2), NEVER);
        UUID id = UUID.randomUUID();
        assertThat(watcher.awaitFirstView(id)).isEmpty();
        assertThat(reads).as("read once the wait is over").containsExactly(List.of(id));
    }

    private void start(Duration maxLifetime, Duration recheckInterval) {
        watcher = new OrderWatcher(reader, new StorefrontProperties(null,
                new StorefrontProperties.OrderEvents(recheckInterval, maxLifetime, Duration.ofSeconds(15),
                        Duration.ofSeconds(2)),
                new StorefrontProperties.Catalog(Duration.ofSeconds(1)),
                new StorefrontProperties.CheckedOutCarts(100, Duration.ZERO)),
                new SimpleMeterRegistry());
        watcher.start();
    }

    /** The stream's first read, as the controller does it; not counted. */
    private OrderView firstRead(UUID id) {
        return new OrderReader(mongo.databases()).find(id).orElseThrow();
    }

    private static FollowedEvent event(PipelineEvent payload) {
        EventEnvelope envelope = EventEnvelope.of(payload, payload.key());
        return new FollowedEvent(envelope.key(), envelope);
    }

    private static OrderPlaced placed(UUID id) {
        return new OrderPlaced(id, UUID.randomUUID(), List.of(new OrderLine("MUG-1", 2, 1450)), 2900, "EUR");
    }

    private void confirm(UUID id) {
        mongo.collection("orders", "orders").updateOne(Filters.eq("_id", id.toString()),
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
}
