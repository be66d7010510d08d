package dev.orderpipeline.orders;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.runtime.TopicLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: a poll's records handled as one batch give the same carts, orders and published events
 * (same ids, same order) as the same records handled one at a time, or in chunks of any size (as
 * after a rebalance, or when a failed batch is retried record by record). The records are a random
 * shopping day of many carts, interleaved, from a fixed seed.
 */
class OrderFlowBatchingTest {

    private static final String[] SKUS = {"MUG", "BEANS", "FILTER", "MUG", "BEANS", "GONE"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 2026, 31337})
    void aBatchEndsAsItsRecordsHandledOneAtATimeOrInChunks(long seed) {
        Random random = new Random(seed);
        List<ConsumerRecord<String, byte[]>> records = new TopicLog(Topics.PARTITIONS).append(
                shoppingDay(random, 25).toArray(EventEnvelope[]::new));
        try (OrderProcessorFixture atOnce = new OrderProcessorFixture();
             OrderProcessorFixture oneByOne = new OrderProcessorFixture();
             OrderProcessorFixture inChunks = new OrderProcessorFixture()) {
            List<EventEnvelope> whole = atOnce.onCartEvents(records).published();
            List<EventEnvelope> single = handle(oneByOne, chunks(records, new Random(0), 1));
            List<EventEnvelope> chunked = handle(inChunks, chunks(records, random, 8));

            assertThat(whole).extracting(EventEnvelope::payload).as("the day checks out, places and rejects orders")
                    .hasAtLeastOneElementOfType(OrderPlaced.class).hasAtLeastOneElementOfType(OrderRejected.class);
            assertSameOutcome(atOnce, whole, oneByOne, single);
            assertSameOutcome(atOnce, whole, inChunks, chunked);
        }
    }

    private static void assertSameOutcome(OrderProcessorFixture expected, List<EventEnvelope> expectedEvents,
                                          OrderProcessorFixture actual, List<EventEnvelope> actualEvents) {
        assertThat(actualEvents).extracting(EventEnvelope::eventId)
                .containsExactlyElementsOf(expectedEvents.stream().map(EventEnvelope::eventId).toList());
        assertThat(actualEvents).extracting(EventEnvelope::payload)
                .containsExactlyElementsOf(expectedEvents.stream().map(EventEnvelope::payload).toList());
        assertThat(actual.carts()).usingRecursiveComparison().ignoringFieldsMatchingRegexes(".*At")
                .isEqualTo(expected.carts());
        assertThat(actual.orders()).usingRecursiveComparison().ignoringFieldsMatchingRegexes(".*At")
                .isEqualTo(expected.orders());
    }

    private static List<EventEnvelope> handle(OrderProcessorFixture processor,
                                              List<List<ConsumerRecord<String, byte[]>>> batches) {
        return batches.stream().flatMap(batch -> processor.onCartEvents(batch).published().stream()).toList();
    }

    private static List<List<ConsumerRecord<String, byte[]>>> chunks(List<ConsumerRecord<String, byte[]>> records,
                                                                       Random random, int maxSize) {
        List<List<ConsumerRecord<String, byte[]>>> chunks = new ArrayList<>();
        for (int from = 0; from < records.size(); ) {
            int to = Math.min(records.size(), from + 1 + random.nextInt(maxSize));
            chunks.add(records.subList(from, to));
            from = to;
        }
        return chunks;
    }

    /** Each cart's events in its own order, the carts interleaved at random. */
    private static List<EventEnvelope> shoppingDay(Random random, int carts) {
        List<Deque<EventEnvelope>> scripts = new ArrayList<>();
        for (int i = 0; i < carts; i++) {
            scripts.add(script(random, new CartEvents(new UUID(random.nextLong(), random.nextLong()))));
        }
        List<EventEnvelope> day = new ArrayList<>();
        while (!scripts.isEmpty()) {
            Deque<EventEnvelope> script = scripts.get(random.nextInt(scripts.size()));
            day.add(script.removeFirst());
            if (script.isEmpty()) {
                scripts.remove(script);
            }
        }
        return day;
    }

    /** A cart's life: mostly opened, some adds and removes, mostly a checkout, sometimes asked again or under another key, sometimes an add too late. */
    private static Deque<EventEnvelope> script(Random random, CartEvents cart) {
        Deque<EventEnvelope> events = new ArrayDeque<>();
        if (random.nextInt(10) > 0) {
            events.add(cart.opened());
        }
        for (int change = random.nextInt(6); change >= 0; change--) {
            String sku = SKUS[random.nextInt(SKUS.length)];
            events.add(random.nextInt(10) < 7 ? cart.added(sku, 1 + random.nextInt(3)) : cart.removed(sku));
        }
        if (random.nextInt(10) == 0) {
            return events;
        }
        events.add(cart.checkout("first"));
        if (random.nextInt(4) == 0) {
            events.add(cart.checkout("first"));
        }
        if (random.nextInt(5) == 0) {
            events.add(cart.checkout("second"));
        }
        if (random.nextInt(3) == 0) {
            events.add(cart.added(SKUS[random.nextInt(SKUS.length)], 1));
        }
        return events;
    }
}
