package dev.orderpipeline.orders;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.EventSerde;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.Reason;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.orders.order.OrderLifecycle;
import dev.orderpipeline.orders.order.PendingOrders;
import dev.orderpipeline.runtime.BatchRun;
import dev.orderpipeline.runtime.EventBatchProcessor;
import dev.orderpipeline.runtime.TopicLog;
import dev.orderpipeline.testkit.FreePorts;
import dev.orderpipeline.testkit.KafkaBroker;
import dev.orderpipeline.testkit.PipelineTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expiry on the order processor's MongoDB (in memory) and a real broker: it cancels what is due
 * from the due times the flow noted, reads nothing when nothing is due, and after an assignment of
 * cart partitions reads the orders it did not create itself once.
 */
class PendingOrderExpiryTest {

    @TempDir
    static Path dataDir;
    private static KafkaBroker broker;
    private static DefaultKafkaProducerFactory<String, Object> producers;
    private static KafkaTemplate<String, Object> template;

    private final OrderProcessorFixture processor = new OrderProcessorFixture();
    private final TopicLog log = new TopicLog(Topics.PARTITIONS);
    private final CartEvents cart = CartEvents.newCart();
    private final PendingOrderExpiry expiry = expiry(processor.pending);

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker(dataDir, FreePorts.next(), FreePorts.next(), dataDir.resolve("kafka.log")).start();
        try (Admin admin = broker.admin()) {
            PipelineTopics.create(admin, (short) 1);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serializer<Object> events = (Serializer) new EventSerde.EnvelopeSerializer();
        producers = new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), events);
        template = new KafkaTemplate<>(producers);
    }

    @AfterAll
    static void stopBroker() {
        producers.destroy();
        broker.stop();
    }

    @AfterEach
    void closeMongo() {
        processor.close();
    }

    @Test
    void anOrderLeftPendingIsCancelledWhenDueAndItsCancellationAnnouncedOnce() {
        UUID orderId = placeOrder();
        expiry.cancelAndAnnounce(Instant.now()); // the first check reads what this instance did not see
        Instant due = processor.order(orderId).createdAt().plus(OrderProcessorFixture.PENDING_TIMEOUT);

        expiry.cancelAndAnnounce(due.minusSeconds(1));
        assertThat(processor.order(orderId).status()).isEqualTo(OrderStatus.PENDING);
        expiry.cancelAndAnnounce(due);
        expiry.cancelAndAnnounce(due.plusSeconds(5));

        assertThat(processor.order(orderId)).satisfies(order -> {
            assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(order.reason().text()).isEqualTo("EXPIRED: MUG");
            assertThat(order.outcomePublished()).isTrue();
        });
        assertThat(cancellations(orderId)).containsExactly(new OrderCancelled(orderId, Reason.parse("EXPIRED: MUG")));
        assertThat(processor.pending.size()).isZero();
    }

    @Test
    void inTheSteadyStateACheckReadsNothing() {
        UUID orderId = placeOrder();
        expiry.cancelAndAnnounce(Instant.now());
        BatchRun confirmed = processor.onInventoryAnswers(log.append(EventEnvelope.of(new StockReserved(orderId),
                orderId.toString())));
        assertThat(confirmed.published()).hasSize(1);
        assertThat(processor.pending.size()).as("decided here, so no longer due").isZero();

        processor.close(); // any read would fail now
        expiry.cancelAndAnnounce(Instant.now().plus(Duration.ofHours(1)));

        assertThat(cancellations(orderId)).isEmpty();
    }

    @Test
    void afterAnAssignmentOfCartPartitionsTheOrdersOfAnotherInstanceAreReadOnceAndExpire() {
        UUID orderId = placeOrder();
        PendingOrders takenOver = new PendingOrders(OrderProcessorFixture.PENDING_TIMEOUT);
        takenOver.reloaded(); // this instance has run for a while
        takenOver.onPartitionsAssigned(null, List.of(new TopicPartition(Topics.CARTS, 3)));
        Instant due = processor.order(orderId).createdAt().plus(OrderProcessorFixture.PENDING_TIMEOUT);

        expiry(takenOver).cancelAndAnnounce(due);

        assertThat(processor.order(orderId).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancellations(orderId)).hasSize(1);
        assertThat(takenOver.needsReload()).isFalse();
    }

    @Test
    void aCancellationStoredButNotAnnouncedBeforeACrashIsAnnouncedAtStartUnderTheSameEventId() {
        UUID orderId = placeOrder();
        Instant due = processor.order(orderId).createdAt().plus(OrderProcessorFixture.PENDING_TIMEOUT);
        OrderDocument cancelled = OrderLifecycle.next(processor.order(orderId), new OrderLifecycle.Expired(due)).order();
        processor.orders.leavePending(cancelled); // stored, then the instance died before it sent anything

        expiry(new PendingOrders(OrderProcessorFixture.PENDING_TIMEOUT)).cancelAndAnnounce(due);

        UUID expected = EventEnvelope.derivedFrom(OrderLifecycle.expiryOf(orderId), orderId.toString(),
                new OrderCancelled(orderId, Reason.parse("EXPIRED: MUG"))).eventId();
        assertThat(cancellationEvents(orderId)).singleElement().satisfies(event -> {
            assertThat(event.eventId()).isEqualTo(expected);
            assertThat(event.occurredAt()).as("the time stored with the change").isEqualTo(processor.order(orderId).updatedAt());
        });
        assertThat(processor.order(orderId).outcomePublished()).isTrue();
    }

    private PendingOrderExpiry expiry(PendingOrders pending) {
        EventBatchProcessor engine = new EventBatchProcessor(template, new DeadLetterPublishingRecoverer(template),
                new SimpleMeterRegistry(), 3);
        return new PendingOrderExpiry(processor.orders, pending, engine,
                new OrderProperties(OrderProcessorFixture.PENDING_TIMEOUT));
    }

    private UUID placeOrder() {
        processor.onCartEvents(log.append(cart.opened(), cart.added("MUG", 1), cart.checkout("key")));
        return cart.orderId("key");
    }

    private static List<OrderCancelled> cancellations(UUID orderId) {
        return cancellationEvents(orderId).stream().map(event -> (OrderCancelled) event.payload()).toList();
    }

    private static List<EventEnvelope> cancellationEvents(UUID orderId) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            var partitions = consumer.partitionsFor(Topics.ORDERS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<EventEnvelope> found = new ArrayList<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope event = EventJson.read(record.value());
                    if (record.key().equals(orderId.toString()) && event.payload() instanceof OrderCancelled) {
                        found.add(event);
                    }
                }
            }
            return found;
        }
    }
}
