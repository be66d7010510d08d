package dev.orderpipeline.storefront.cart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.runtime.MongoDatabases;
import dev.orderpipeline.storefront.StorefrontProperties;
import dev.orderpipeline.storefront.web.ApiProblem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.bson.Document;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads carts from the projection the order processor keeps ({@code carts.carts}).
 *
 * <p>{@link #current} gives read-your-writes: it looks up the end offset of the cart's partition
 * and waits until the projection's watermark for that partition has reached it, so everything
 * published before this request (by any storefront replica) is visible. {@link #latest} does not
 * wait and may trail the last 202 by a moment. {@link #forChange} reads the latest view and waits
 * for the current one only when the latest would refuse the change, so a refusal (404, 409, 400)
 * is never based on a stale view while accepted changes pay no wait; the order processor, which
 * sees a cart's events in order, settles what a stale acceptance let through.
 */
@Component
public class CartReader {

    private final MongoCollection<Document> carts;
    private final MongoCollection<Document> watermarks;
    private final Admin admin;
    private final KafkaTemplate<String, Object> kafka;
    private final StorefrontProperties properties;
    private static final long WATERMARK_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private volatile Map<Integer, Long> watermarkSnapshot = Map.of();
    private volatile long watermarksReadAt = System.nanoTime() - WATERMARK_REFRESH_NANOS;

    public CartReader(MongoDatabases mongo, Admin admin, KafkaTemplate<String, Object> kafka,
                      StorefrontProperties properties) {
        this.carts = mongo.collection(MongoDatabases.CARTS, "carts");
        this.watermarks = mongo.collection(MongoDatabases.CARTS, "watermarks");
        this.admin = admin;
        this.kafka = kafka;
        this.properties = properties;
    }

    public Optional<CartView> latest(UUID cartId) {
        return Optional.ofNullable(toView(carts.find(Filters.eq("_id", cartId.toString())).first()));
    }

    public Optional<CartView> forChange(UUID cartId, java.util.function.Predicate<CartView> accepts) {
        Optional<CartView> latest = latest(cartId);
        return latest.isPresent() && accepts.test(latest.get()) ? latest : current(cartId);
    }

    public Optional<CartView> current(UUID cartId) {
        long deadline = System.nanoTime() + properties.catchUpTimeout().toNanos();
        TopicPartition partition = partitionOf(cartId);
        long endOffset = endOffset(partition);
        long pauseMillis = 1;
        while (watermarks().getOrDefault(partition.partition(), -1L) < endOffset - 1) {
            if (System.nanoTime() > deadline) {
                throw ApiProblem.unavailable("The cart view is behind the event log; retry in a moment.");
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 10);
        }
        return latest(cartId);
    }

    private TopicPartition partitionOf(UUID cartId) {
        int partitions = kafka.partitionsFor(Topics.CARTS).size();
        byte[] key = cartId.toString().getBytes(StandardCharsets.UTF_8);
        return new TopicPartition(Topics.CARTS, Utils.toPositive(Utils.murmur2(key)) % partitions);
    }

    private long endOffset(TopicPartition partition) {
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiProblem.unavailable("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw ApiProblem.unavailable("The event log (Kafka) is unavailable. Retry later.");
        }
    }

    /**
     * The projection's watermarks, read at most once per {@link #WATERMARK_REFRESH_NANOS} however
     * many requests wait, so a burst of waiting requests does not become a burst of queries.
     */
    private Map<Integer, Long> watermarks() {
        if (System.nanoTime() - watermarksReadAt < WATERMARK_REFRESH_NANOS) {
            return watermarkSnapshot;
        }
        synchronized (this) {
            if (System.nanoTime() - watermarksReadAt >= WATERMARK_REFRESH_NANOS) {
                Map<Integer, Long> read = new java.util.HashMap<>();
                watermarks.find().forEach(doc -> read.put(((Number) doc.get("_id")).intValue(),
                        ((Number) doc.get("offset")).longValue()));
                watermarkSnapshot = read;
                watermarksReadAt = System.nanoTime();
            }
            return watermarkSnapshot;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiProblem.unavailable("interrupted");
        }
    }

    private static CartView toView(Document doc) {
        if (doc == null) {
            return null;
        }
        List<CartView.Item> items = new ArrayList<>();
        Document itemDocs = doc.get("items", Document.class);
        if (itemDocs != null) {
            itemDocs.forEach((sku, quantity) -> items.add(new CartView.Item(sku, ((Number) quantity).intValue())));
        }
        items.sort(java.util.Comparator.comparing(CartView.Item::sku));
        String orderId = doc.getString("orderId");
        return new CartView(UUID.fromString(doc.getString("_id")), doc.getString("status"), items,
                ((Number) doc.get("version")).longValue(), orderId == null ? null : UUID.fromString(orderId));
    }
}
