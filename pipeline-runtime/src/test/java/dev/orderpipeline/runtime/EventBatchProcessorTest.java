package dev.orderpipeline.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import dev.orderpipeline.events.CartOpened;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.Reason;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.testkit.FreePorts;
import dev.orderpipeline.testkit.KafkaBroker;
import dev.orderpipeline.testkit.PipelineTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchAcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The batch processor with the pipeline's real producer settings and dead-letter recoverer against a
 * real broker (the testkit's, from the Kafka jars), outside a listener container: what it publishes,
 * what it dead-letters, and what it leaves to a redelivery; and inside a listener container with the
 * pipeline's offset commits after the outputs' acknowledgements and its error handler, as the workers
 * run it. Each test uses
 * carts of its own.
 */
class EventBatchProcessorTest {

    private static final int MAX_ATTEMPTS = 3;

    @TempDir
    static Path dataDir;
    private static KafkaBroker broker;
    private static DefaultKafkaProducerFactory<String, Object> producers;
    private static KafkaTemplate<String, Object> template;
    private static DeadLetterPublishingRecoverer deadLetters;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventBatchProcessor processor = new EventBatchProcessor(template, deadLetters, meters, MAX_ATTEMPTS);
    private final TopicLog carts = new TopicLog(Topics.PARTITIONS);
    private final Map<UUID, Integer> attempts = new ConcurrentHashMap<>();

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker(dataDir, FreePorts.next(), FreePorts.next(), dataDir.resolve("kafka.log")).start();
        try (Admin admin = broker.admin()) {
            PipelineTopics.create(admin, (short) 1);
        }
        PipelineRuntimeAutoConfiguration configuration = new PipelineRuntimeAutoConfiguration();
        producers = new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()));
        configuration.pipelineProducerDefaults().customize(producers);
        template = new KafkaTemplate<>(producers);
        deadLetters = configuration.deadLetterPublishingRecoverer(template);
    }

    @AfterAll
    static void stopBroker() {
        producers.destroy();
        broker.stop();
    }

    @Test
    void publishesWhatTheHandlerDecidedAndDeadLettersRecordsThatAreNoEventWithTheirBytes() {
        UUID first = UUID.randomUUID();
        UUID last = UUID.randomUUID();
        String garbageKey = UUID.randomUUID().toString();
        byte[] garbage = "{not an event".getBytes(StandardCharsets.UTF_8);

        processor.process(List.of(opened(first), carts.appendRaw(Topics.CARTS, garbageKey, garbage), opened(last)),
                this::answerEachCart);

        assertThat(answers(first, last)).containsExactlyInAnyOrder(answer(first), answer(last));
        assertThat(deadLettered(garbageKey)).singleElement().satisfies(record -> {
            assertThat(record.value()).isEqualTo(garbage);
            assertThat(header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.CARTS);
        });
        assertThat(processed("CartOpened")).isEqualTo(2);
        assertThat(meters.counter("pipeline.events.dead_lettered", "topic", Topics.CARTS).count()).isEqualTo(1);
    }

    /**
     * As a worker's listener runs it: a batch of partitions assigned here is acknowledged (its offsets
     * committed by the container) once its outputs are in Kafka.
     */
    @Test
    void aBatchOfPartitionsAssignedHereIsAcknowledgedOnceItsOutputsAreInKafka() {
        UUID cart = UUID.randomUUID();
        ConsumerRecord<String, byte[]> record = opened(cart);
        List<Integer> answersWhenAcknowledged = new ArrayList<>();

        try (KafkaConsumer<String, byte[]> consumer = consumerAssigned(partitionOf(record))) {
            processor.process(List.of(record), consumer, () -> answersWhenAcknowledged.add(answers(cart).size()),
                    this::answerEachCart);
        }

        assertThat(answersWhenAcknowledged).containsExactly(1);
    }

    /**
     * A batch delivered again after its partition was revoked or lost here (a retry outlasting a
     * rebalance, a zombie): its records on that partition are the new owner's, so they are not
     * handled, and nothing of the batch is acknowledged, so no late commit can move the new owner's
     * offset past records it has not handled yet. The records of partitions still assigned are.
     */
    @Test
    void theRecordsOfAPartitionNoLongerAssignedHereAreLeftToTheNewOwnerAndTheBatchIsNotAcknowledged() {
        UUID kept = UUID.randomUUID();
        ConsumerRecord<String, byte[]> stillAssigned = opened(kept);
        UUID left;
        ConsumerRecord<String, byte[]> lost;
        do {
            left = UUID.randomUUID();
            lost = opened(left);
        } while (lost.partition() == stillAssigned.partition());
        List<String> acknowledged = new ArrayList<>();

        try (KafkaConsumer<String, byte[]> consumer = consumerAssigned(partitionOf(stillAssigned))) {
            processor.process(List.of(stillAssigned, lost), consumer, () -> acknowledged.add("batch"),
                    this::answerEachCart);
        }

        assertThat(answers(kept)).containsExactly(answer(kept));
        assertThat(answers(left)).isEmpty();
        assertThat(acknowledged).isEmpty();
        assertThat(processed("CartOpened")).isEqualTo(1);
    }

    @Test
    void aBatchNoRecordStartedPublishesUnderIdsDerivedFromItsOriginBeforeItReturns() {
        UUID cart = UUID.randomUUID();
        Instant storedAt = Instant.parse("2026-12-07T08:00:00.123Z");
        BatchHandler timer = batch -> batch.publish("timer:" + cart, cart.toString(), answer(cart), storedAt);

        processor.run(timer);
        List<ConsumerRecord<String, byte[]>> once = readAll(Topics.ORDERS).stream()
                .filter(record -> record.key().equals(cart.toString())).toList();
        processor.run(timer); // run again, as after a crash before the caller noted the first one

        List<EventEnvelope> sent = readAll(Topics.ORDERS).stream().filter(record -> record.key().equals(cart.toString()))
                .map(record -> EventJson.read(record.value())).toList();
        assertThat(once).as("one event a run").hasSize(1);
        assertThat(sent).hasSize(2).allSatisfy(event -> {
            assertThat(event.eventId()).isEqualTo(EventEnvelope.derivedFrom("timer:" + cart, cart.toString(),
                    answer(cart)).eventId());
            assertThat(event.occurredAt()).isEqualTo(storedAt);
            assertThat(event.payload()).isEqualTo(answer(cart));
        });
    }

    @Test
    void aRecordTheHandlerRefusesIsDeadLetteredWithItsReasonAndTheRestPublished() {
        UUID refused = UUID.randomUUID();
        UUID accepted = UUID.randomUUID();

        processor.process(List.of(opened(refused), opened(accepted)), batch -> batch.records().forEach(record -> {
            if (cartOf(record).equals(refused)) {
                batch.deadLetter(record, "refused by the flow");
            } else {
                batch.publish(record, answer(cartOf(record)));
            }
        }));

        assertThat(answers(refused, accepted)).containsExactly(answer(accepted));
        assertThat(deadLettered(refused.toString())).singleElement().satisfies(record ->
                assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("refused by the flow"));
    }

    @Test
    void aRecordThatKeepsFailingIsDeadLetteredAfterItsAttemptsAndTheOthersArePublishedOnce() {
        UUID poison = UUID.randomUUID();
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();

        processor.process(List.of(opened(before), opened(poison), opened(after)), failingFor(poison::equals));

        assertThat(answers(before, poison, after)).containsExactlyInAnyOrder(answer(before), answer(after));
        assertThat(deadLettered(poison.toString())).singleElement().satisfies(record ->
                assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("bug for " + poison));
        assertThat(attempts).as("the batch once, then each alone until its attempts are used up")
                .containsEntry(poison, MAX_ATTEMPTS).containsEntry(before, 2).containsEntry(after, 2);
    }

    @Test
    void aRecordThatFailsOnlyOnceIsPublishedWhenHandledAlone() {
        UUID flaky = UUID.randomUUID();
        UUID other = UUID.randomUUID();

        processor.process(List.of(opened(flaky), opened(other)), failingFor(cart -> cart.equals(flaky)
                && attempts.get(flaky) == 1));

        assertThat(answers(flaky, other)).containsExactlyInAnyOrder(answer(flaky), answer(other));
        assertThat(deadLettered(flaky.toString())).isEmpty();
    }

    @Test
    void anOutageIsRethrownWithNothingSentSoTheRedeliveryPublishesOnce() {
        UUID cart = UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> batch = List.of(opened(cart));
        DataAccessResourceFailureException outage = new DataAccessResourceFailureException("MongoDB unreachable");

        assertThatThrownBy(() -> processor.process(batch, events -> {
            answerEachCart(events);
            throw outage;
        })).isSameAs(outage);
        processor.process(batch, this::answerEachCart);

        assertThat(answers(cart)).containsExactly(answer(cart));
        assertThat(deadLettered(cart.toString())).isEmpty();
        assertThat(processed("CartOpened")).isEqualTo(1);
    }

    @Test
    void inAListenerContainerAFailingRecordIsDeadLetteredAfterItsAttemptsWhileItsBatchCommitsOnce() throws Exception {
        UUID poison = UUID.randomUUID();
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        String key = "batch-" + UUID.randomUUID(); // one key: one partition, one poll, in this order
        List<Integer> offsets = sendAll(key, before, poison, after);

        try (RunningContainer container = RunningContainer.start(failingFor(poison::equals))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> container.committed(key) > offsets.getLast());
        }

        assertThat(answers(before, poison, after)).containsExactlyInAnyOrder(answer(before), answer(after));
        assertThat(deadLettered(key)).singleElement().satisfies(record -> {
            assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("bug for " + poison);
            assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_FQCN)).isEqualTo(IllegalStateException.class.getName());
            assertThat(EventJson.read(record.value()).payload()).isEqualTo(new CartOpened(poison));
        });
        assertThat(attempts).containsEntry(poison, MAX_ATTEMPTS);
    }

    @Test
    void inAListenerContainerAMongoOrKafkaOutageIsRetriedUntilItEndsAndDeadLettersNothing() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String key = "outage-" + UUID.randomUUID();
        List<Integer> offsets = sendAll(key, first, second);
        AtomicInteger deliveries = new AtomicInteger();
        int outageDeliveries = 2 * MAX_ATTEMPTS; // longer than the attempts a failing record gets
        BatchHandler handler = batch -> {
            int delivery = deliveries.incrementAndGet();
            answerEachCart(batch); // what a failed attempt decides is never sent
            if (delivery <= MAX_ATTEMPTS) {
                throw new DataAccessResourceFailureException("MongoDB unreachable (delivery " + delivery + ")");
            }
            if (delivery <= outageDeliveries) {
                throw new org.apache.kafka.common.errors.TimeoutException("Kafka unreachable (delivery " + delivery + ")");
            }
        };

        try (RunningContainer container = RunningContainer.start(handler)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> container.committed(key) > offsets.getLast());
        }

        assertThat(deliveries).hasValue(outageDeliveries + 1);
        assertThat(answers(first, second)).containsExactlyInAnyOrder(answer(first), answer(second));
        assertThat(deadLettered(key)).isEmpty();
    }

    /**
     * At-least-once: the listener returns, and the container commits the offsets, only once the
     * outputs are acknowledged; when the commit does not happen (the process dies first, here an outage
     * after the batch), the batch is delivered again and its outputs are sent again under the same ids,
     * which every consumer recognises.
     */
    @Test
    void inAListenerContainerOffsetsAreCommittedAfterTheOutputsAreInKafkaAndARedeliveryRepeatsTheirIds() throws Exception {
        UUID cart = UUID.randomUUID();
        String key = "replay-" + UUID.randomUUID();
        List<Integer> offsets = sendAll(key, cart);
        AtomicInteger deliveries = new AtomicInteger();
        AtomicInteger inKafkaBeforeTheCommit = new AtomicInteger(-1);
        Runnable commitFailsOnce = () -> {
            if (deliveries.incrementAndGet() == 1) {
                inKafkaBeforeTheCommit.set(answers(cart).size());
                throw new org.apache.kafka.common.errors.TimeoutException("gone before the commit");
            }
        };

        try (RunningContainer container = RunningContainer.start(this::answerEachCart, commitFailsOnce)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> container.committed(key) > offsets.getLast());
        }

        assertThat(inKafkaBeforeTheCommit).as("outputs acknowledged when the listener returned").hasValue(1);
        assertThat(deliveries).hasValue(2);
        List<EventEnvelope> published = readAll(Topics.ORDERS).stream().filter(r -> r.key().equals(cart.toString()))
                .map(r -> EventJson.read(r.value())).toList();
        assertThat(published).hasSize(2);
        assertThat(published).extracting(EventEnvelope::eventId).containsOnly(published.getFirst().eventId());
        assertThat(deadLettered(key)).isEmpty();
    }

    /** Sends a CartOpened per cart, all under one key; answers their offsets. */
    private static List<Integer> sendAll(String key, UUID... cartIds) throws Exception {
        List<Integer> offsets = new ArrayList<>();
        for (UUID cartId : cartIds) {
            offsets.add((int) template.send(Topics.CARTS, key, EventEnvelope.of(new CartOpened(cartId), key))
                    .get(10, TimeUnit.SECONDS).getRecordMetadata().offset());
        }
        return offsets;
    }

    /**
     * A batch listener container of its own consumer group on {@code storefront.carts.v1}, with the
     * pipeline's consumer and producer settings and the pipeline's error handler.
     */
    private record RunningContainer(KafkaMessageListenerContainer<String, byte[]> container,
                                    DefaultKafkaProducerFactory<String, Object> producers, String group)
            implements AutoCloseable {

        static RunningContainer start(BatchHandler handler) {
            return start(handler, () -> {
            });
        }

        /** {@code afterBatch} runs after each batch was processed, before it is acknowledged (its offsets committed). */
        static RunningContainer start(BatchHandler handler, Runnable afterBatch) {
            PipelineRuntimeAutoConfiguration configuration = new PipelineRuntimeAutoConfiguration();
            String group = "test-" + UUID.randomUUID();
            DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
            configuration.pipelineConsumerDefaults().customize(consumers);
            DefaultKafkaProducerFactory<String, Object> producers = new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
            configuration.pipelineProducerDefaults().customize(producers);
            KafkaTemplate<String, Object> template = new KafkaTemplate<>(producers);
            EventBatchProcessor processor = new EventBatchProcessor(template,
                    configuration.deadLetterPublishingRecoverer(template), new SimpleMeterRegistry(), MAX_ATTEMPTS);

            ContainerProperties properties = new ContainerProperties(Topics.CARTS);
            properties.setAckMode(ContainerProperties.AckMode.MANUAL); // as worker-defaults.yaml says
            properties.setMessageListener((BatchAcknowledgingConsumerAwareMessageListener<String, byte[]>)
                    (records, ack, consumer) -> processor.process(records, consumer, () -> {
                        afterBatch.run();
                        ack.acknowledge();
                    }, handler));
            KafkaMessageListenerContainer<String, byte[]> container = new KafkaMessageListenerContainer<>(consumers,
                    properties);
            container.setCommonErrorHandler(configuration.pipelineErrorHandler(new PipelineProperties(
                    MAX_ATTEMPTS, Duration.ofMillis(400), Duration.ofSeconds(5))));
            container.start();
            return new RunningContainer(container, producers, group);
        }

        /** The group's committed offset on the partition of {@code key} (-1 before the first commit). */
        long committed(String key) throws Exception {
            int partition = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    key.getBytes(StandardCharsets.UTF_8))) % Topics.PARTITIONS;
            try (Admin admin = broker.admin()) {
                var offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS).get(new TopicPartition(Topics.CARTS, partition));
                return offset == null ? -1 : offset.offset();
            }
        }

        @Override
        public void close() {
            container.stop();
            producers.destroy();
        }
    }

    /**
     * A rolling update: this build's consumer gets the last release's event with fields it does not
     * know, an event type it does not know and a schemaVersion newer than its own (both from a newer
     * producer). The first is handled; the others go to the dead-letter topic with their original key
     * and bytes, so they can be re-driven once the consumer is upgraded, and a reason that says so.
     */
    @Test
    void eventsFromANewerProducerAreReadOrDeadLetteredWithAReasonToReDriveThem() {
        byte[] released = ReleasedEvents.lastRelease().bytes("CartOpened");
        byte[] withNewFields = replaced(released, "\"payload\":{",
                "\"tenant\":\"eu\",\"payload\":{\"channel\":\"app\",");
        UUID unknownTypeCart = UUID.randomUUID();
        UUID newerVersionCart = UUID.randomUUID();
        byte[] unknownType = replaced(opened(unknownTypeCart).value(), "\"type\":\"CartOpened\"",
                "\"type\":\"CartArchived\"");
        byte[] newerVersion = replaced(opened(newerVersionCart).value(), "\"schemaVersion\":1", "\"schemaVersion\":2");

        processor.process(List.of(carts.appendRaw(Topics.CARTS, "released-" + UUID.randomUUID(), withNewFields),
                carts.appendRaw(Topics.CARTS, unknownTypeCart.toString(), unknownType),
                carts.appendRaw(Topics.CARTS, newerVersionCart.toString(), newerVersion)), this::answerEachCart);

        UUID releasedCart = ((CartOpened) EventJson.read(released).payload()).cartId();
        assertThat(answers(releasedCart, unknownTypeCart, newerVersionCart)).containsExactly(answer(releasedCart));
        assertThat(deadLettered(unknownTypeCart.toString())).singleElement().satisfies(record -> {
            assertThat(record.value()).isEqualTo(unknownType);
            assertThat(header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.CARTS);
            assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("unknown event type: CartArchived")
                    .contains("re-drive it from the dead-letter topic once the consumer is upgraded");
        });
        assertThat(deadLettered(newerVersionCart.toString())).singleElement().satisfies(record ->
                assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                        .contains("schemaVersion 2 of CartOpened is newer than this consumer reads (1)"));
    }

    private static byte[] replaced(byte[] json, String from, String to) {
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachRecordIsASpanOfTheTraceItCarriesAndWhatItCausedCarriesThatTraceOn() {
        List<SpanData> reported = new CopyOnWriteArrayList<>();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(new SpanProcessor() {
            @Override
            public void onStart(Context parent, ReadWriteSpan span) {
            }

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                reported.add(span.toSpanData());
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        }).build()) {
            OtelTracer tracer = new OtelTracer(tracing.get("test"), new OtelCurrentTraceContext(), event -> {
            });
            OtelPropagator propagator = new OtelPropagator(
                    ContextPropagators.create(W3CTraceContextPropagator.getInstance()), tracing.get("test"));
            ObservationRegistry observations = ObservationRegistry.create();
            observations.observationConfig().observationHandler(new PropagatingSenderTracingObservationHandler<>(tracer,
                    propagator));
            observations.observationConfig().observationPredicate(
                    PipelineTracingAutoConfiguration.untracedObservations(tracer));
            KafkaTemplate<String, Object> traced = new KafkaTemplate<>(producers);
            traced.setObservationEnabled(true);
            traced.setObservationRegistry(observations);
            EventBatchProcessor tracedProcessor = new EventBatchProcessor(traced, deadLetters, meters, MAX_ATTEMPTS,
                    new RecordTracing(tracer, propagator));
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            UUID untraced = UUID.randomUUID();
            UUID unsampled = UUID.randomUUID();
            String firstTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
            String secondTrace = "0af7651916cd43dd8448eb211c80319c";
            String unsampledParent = "00-5c0e7f9a3b2d4e6f8a9b0c1d2e3f4a5b-00f067aa0ba902b7-00";
            ConsumerRecord<String, byte[]> unsampledRecord = opened(unsampled);
            unsampledRecord.headers().add("traceparent", unsampledParent.getBytes(StandardCharsets.UTF_8));

            tracedProcessor.process(List.of(withTrace(opened(first), firstTrace), withTrace(opened(second), secondTrace),
                    opened(untraced), unsampledRecord), this::answerEachCart);
            traced.flush();

            Map<String, String> parentOfAnswer = new java.util.HashMap<>();
            List<String> keys = List.of(first.toString(), second.toString(), untraced.toString(), unsampled.toString());
            readAll(Topics.ORDERS).stream().filter(record -> keys.contains(record.key()))
                    .forEach(record -> parentOfAnswer.put(record.key(), header(record, "traceparent")));
            Map<String, String> traceOfAnswer = new java.util.HashMap<>();
            parentOfAnswer.forEach((key, parent) -> traceOfAnswer.put(key, parent.split("-")[1]));
            assertThat(traceOfAnswer.get(first.toString())).isEqualTo(firstTrace);
            assertThat(traceOfAnswer.get(second.toString())).isEqualTo(secondTrace);
            assertThat(traceOfAnswer.get(untraced.toString())).isNotIn(firstTrace, secondTrace);
            assertThat(reported).filteredOn(span -> "handle CartOpened".equals(span.getName()))
                    .extracting(SpanData::getTraceId)
                    .containsExactlyInAnyOrder(firstTrace, secondTrace, traceOfAnswer.get(untraced.toString()));
            // an unsampled record: no span of its own, none for its send, and its trace headers passed on as they came
            assertThat(reported).extracting(SpanData::getTraceId).doesNotContain("5c0e7f9a3b2d4e6f8a9b0c1d2e3f4a5b");
            assertThat(parentOfAnswer.get(unsampled.toString())).isEqualTo(unsampledParent);
        }
    }

    private static ConsumerRecord<String, byte[]> withTrace(ConsumerRecord<String, byte[]> record, String traceId) {
        record.headers().add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private void answerEachCart(EventBatch batch) {
        batch.records().forEach(record -> batch.publish(record, answer(cartOf(record))));
    }

    /** Answers each cart, counting attempts; throws (a bug, not an outage) while a cart of the batch fails. */
    private BatchHandler failingFor(Predicate<UUID> fails) {
        return batch -> {
            batch.records().forEach(record -> attempts.merge(cartOf(record), 1, Integer::sum));
            batch.records().stream().map(EventBatchProcessorTest::cartOf).filter(fails).findFirst().ifPresent(cart -> {
                throw new IllegalStateException("bug for " + cart);
            });
            answerEachCart(batch);
        };
    }

    private static TopicPartition partitionOf(ConsumerRecord<String, byte[]> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    /** A consumer of the broker with {@code partition} assigned to it (by hand: no group, no poll). */
    private static KafkaConsumer<String, byte[]> consumerAssigned(TopicPartition partition) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        consumer.assign(List.of(partition));
        return consumer;
    }

    private ConsumerRecord<String, byte[]> opened(UUID cartId) {
        return carts.appendOne(EventEnvelope.of(new CartOpened(cartId), cartId.toString()));
    }

    private static UUID cartOf(EventRecord record) {
        return ((CartOpened) record.payload()).cartId();
    }

    private static PipelineEvent answer(UUID cartId) {
        return new OrderRejected(cartId, Reason.parse("EMPTY_CART"));
    }

    private double processed(String type) {
        return meters.counter("pipeline.events.processed", "topic", Topics.CARTS, "type", type).count();
    }

    private static List<PipelineEvent> answers(UUID... cartIds) {
        List<String> keys = java.util.Arrays.stream(cartIds).map(UUID::toString).toList();
        return readAll(Topics.ORDERS).stream().filter(record -> keys.contains(record.key()))
                .map(record -> EventJson.read(record.value()).payload()).toList();
    }

    /** Dead letters of carts, by the key of their record. */
    private static List<ConsumerRecord<String, byte[]>> deadLettered(String key) {
        return readAll(Topics.deadLetterTopic(Topics.CARTS)).stream().filter(record -> key.equals(record.key())).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as(name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Every committed record of the topic so far, once all sends are acknowledged. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        template.flush();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
            return records;
        }
    }
}
