package dev.orderpipeline.localstack.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongSupplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.orderpipeline.events.CartItemAdded;
import dev.orderpipeline.events.CartOpened;
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
import org.bson.Document;

/**
 * Time to drain a backlog: with both workers stopped, {@code carts} shoppers' events (open, three
 * lines, checkout: five events each) are written to the carts topic as the storefront would write
 * them; then the workers start, and the clock runs from their start until every one of those
 * checkouts is a final order. What the workers publish on the way (OrderPlaced, StockReserved,
 * OrderConfirmed) is drained too, since an order is final only after its last hop.
 */
public final class BacklogDrain {

    public static final int EVENTS_PER_CART = 5;

    public record Result(int carts, int events, double secondsToStart, double secondsToDrain, long finalOrders,
                         double eventsPerSecond, double ordersPerSecond) {
    }

    private BacklogDrain() {
    }

    public static Result measure(LocalStack stack, List<String> skus, int carts) {
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            MongoCollection<Document> orders = mongo.getDatabase("orders").getCollection("orders");
            LongSupplier finalOrders = () -> orders.countDocuments(Filters.ne("status", "PENDING"));
            long finalBefore = finalOrders.getAsLong();
            say("stopping the workers, then writing " + carts + " carts x " + EVENTS_PER_CART + " events");
            stack.orderProcessor().stop(Duration.ofSeconds(30));
            stack.inventoryWorker().stop(Duration.ofSeconds(30));
            writeBacklog(stack.kafkaBootstrap(), skus, carts);

            long started = System.nanoTime();
            stack.orderProcessor().start();
            stack.inventoryWorker().start();
            stack.awaitReady(stack.orderProcessor());
            stack.awaitReady(stack.inventoryWorker());
            double toStart = seconds(System.nanoTime() - started);
            say("workers ready after %.1f s; draining".formatted(toStart));
            long target = finalBefore + carts;
            long lastReport = System.nanoTime();
            long done;
            while ((done = finalOrders.getAsLong()) < target) {
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    say("%.0f s: %d of %d orders final".formatted(seconds(System.nanoTime() - started),
                            done - finalBefore, carts));
                    lastReport = System.nanoTime();
                }
                if (System.nanoTime() - started > Duration.ofMinutes(30).toNanos()) {
                    throw new IllegalStateException("backlog not drained in 30 min: " + (done - finalBefore) + " of " + carts);
                }
                pause(100);
            }
            double drained = seconds(System.nanoTime() - started);
            int events = carts * EVENTS_PER_CART;
            return new Result(carts, events, toStart, drained, done - finalBefore, events / drained, carts / drained);
        }
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
                send(producer, new CartOpened(cartId), correlation);
                for (int line = 0; line < EVENTS_PER_CART - 2; line++) {
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
