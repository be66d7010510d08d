package dev.orderpipeline.systemtests.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongSupplier;

import dev.orderpipeline.events.CartItemAdded;
import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.localstack.LocalStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Time to drain a backlog: with both workers stopped, {@code carts} shoppers' events (three lines
 * and the checkout: four events each) are written to the carts topic as the storefront writes
 * them; then the workers start, and the clock runs from the moment both are ready until every one
 * of those checkouts is a final order. What the workers publish on the way (OrderPlaced,
 * StockReserved, OrderConfirmed) is drained too, since an order is final only after its last hop.
 * Progress is read every second (the order processor's count of inventory answers applied, from
 * its metrics endpoint, which costs the stand-in nothing), and the longest stretch without
 * progress is reported.
 */
public final class BacklogDrain {

    public static final int EVENTS_PER_CART = 4;

    public record Result(int carts, int events, double secondsToStart, double secondsToDrain, long finalOrders,
                         double eventsPerSecond, double ordersPerSecond, int longestStallSeconds,
                         List<Long> finalPerSecond, Map<String, Double> cpuMsPerOrder) {
    }

    private BacklogDrain() {
    }

    public static Result measure(LocalStack stack, List<String> skus, int carts) {
        say("stopping the workers, then writing " + carts + " carts x " + EVENTS_PER_CART + " events");
        stack.orderProcessor().stop(Duration.ofSeconds(30));
        stack.inventoryWorker().stop(Duration.ofSeconds(30));
        writeBacklog(stack.kafkaBootstrap(), skus, carts);

        long started = System.nanoTime();
        stack.orderProcessor().start();
        stack.inventoryWorker().start();
        stack.awaitReady(stack.orderProcessor());
        stack.awaitReady(stack.inventoryWorker());
        long ready = System.nanoTime();
        Map<String, Duration> cpuAtReady = stack.cpuTimes();
        double toStart = seconds(ready - started);
        say("workers ready after %.1f s; draining".formatted(toStart));
        LongSupplier decided = () -> answersApplied(stack);
        List<Long> perSecond = new ArrayList<>();
        long previous = 0;
        long done;
        while ((done = decided.getAsLong()) < carts) {
            if (System.nanoTime() - ready > Duration.ofMinutes(30).toNanos()) {
                throw new IllegalStateException("backlog not drained in 30 min: " + done + " of " + carts);
            }
            perSecond.add(done - previous);
            previous = done;
            if (perSecond.size() % 5 == 0) {
                say("%d s: %d of %d orders final".formatted(perSecond.size(), done, carts));
            }
            pause(1000 - (System.nanoTime() - ready) / 1_000_000 % 1000);
        }
        double drained = seconds(System.nanoTime() - ready);
        perSecond.add(done - previous);
        int events = carts * EVENTS_PER_CART;
        Map<String, Double> cpuMsPerOrder = new LinkedHashMap<>();
        long orders = done;
        stack.cpuTimes().forEach((process, cpu) -> cpuMsPerOrder.put(process,
                cpu.minus(cpuAtReady.getOrDefault(process, Duration.ZERO)).toNanos() / 1e6 / orders));
        return new Result(carts, events, toStart, drained, done, events / drained, carts / drained,
                longestStall(perSecond), perSecond, cpuMsPerOrder);
    }

    /** Inventory answers the order processor applied since it started: one per order made final. */
    private static long answersApplied(LocalStack stack) {
        return (long) stack.metric(stack.orderProcessor(), "pipeline.events.processed", "topic:inventory.v1");
    }

    private static int longestStall(List<Long> perSecond) {
        int longest = 0;
        int current = 0;
        for (long progress : perSecond) {
            current = progress == 0 ? current + 1 : 0;
            longest = Math.max(longest, current);
        }
        return longest;
    }

    private static void writeBacklog(String bootstrap, List<String> skus, int carts) {
        Random random = new Random(7);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < carts; i++) {
                UUID cartId = UUID.randomUUID();
                String correlation = cartId.toString();
                for (int line = 0; line < EVENTS_PER_CART - 1; line++) {
                    send(producer, new CartItemAdded(cartId, skus.get(random.nextInt(skus.size())), 1), correlation);
                }
                send(producer, new CheckoutRequested(cartId, UUID.randomUUID(), "backlog-" + i,
                        new Customer("backlog" + i + "@bench.example", "Backlog " + i)), correlation);
            }
            producer.flush();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, PipelineEvent event, String correlation) {
        EventEnvelope envelope = EventEnvelope.of(event, correlation);
        producer.send(new ProducerRecord<>(envelope.topic(), envelope.key(), EventJson.write(envelope)));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void say(String line) {
        System.out.println("[benchmark] backlog: " + line);
    }
}
