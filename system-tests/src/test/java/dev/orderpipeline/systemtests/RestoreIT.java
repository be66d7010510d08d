package dev.orderpipeline.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.orderpipeline.localstack.LocalStack;
import dev.orderpipeline.testkit.JavaProcess;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A MongoDB restored from a backup taken mid-run, while the event log went on: the workers,
 * started with {@code PIPELINE_RESTORE_REPLAY=true}, rewind to the restore point the backup holds
 * and follow the decisions they published after it. Every order ends as the shoppers saw it before
 * the restore, and the stock as it was: scarce stock makes which orders were held depend on how the
 * partitions interleaved, which a replay deciding again would not reproduce.
 */
class RestoreIT {

    private static final List<String> DATABASES = List.of("orders", "carts", "inventory", "catalog");
    private static final int UNITS = 150;

    private final Queue<UUID> orders = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean driving = new AtomicBoolean(true);

    @Test
    void aRestoredDatabaseConvergesOnWhatThePipelineDecided() throws Exception {
        LocalStack stack = Pipeline.stack();
        Api api = Pipeline.api();
        String sku = Skus.unique("RESTORE");
        api.createProduct(sku, 250, UNITS);
        Map<String, Map<String, List<Document>>> backup;
        try (ExecutorService shoppers = Executors.newFixedThreadPool(6, Thread.ofVirtual().factory())) {
            for (int i = 0; i < 6; i++) {
                shoppers.submit(() -> shop(api, sku));
            }
            awaitOrders(60);
            backup = backUp();
            System.out.printf("restore: backup taken with %d orders placed%n", orders.size());
            awaitOrders(UNITS + 100);
            driving.set(false);
            shoppers.shutdown();
            assertThat(shoppers.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        }
        Map<UUID, String> seen = new LinkedHashMap<>();
        for (UUID orderId : orders) {
            seen.put(orderId, api.awaitFinal(orderId).path("status").asString());
        }
        Stock before = Stock.of(sku).assertConserved();
        assertThat(before.available()).as("the run sold out").isZero();

        List<JavaProcess> replaying = new ArrayList<>();
        try {
            stack.orderProcessor().stop(Duration.ofSeconds(30));
            stack.inventoryWorker().stop(Duration.ofSeconds(30));
            restore(backup);
            assertThat(statusesIn(seen.keySet())).as("the backup lacks what came after it").isNotEqualTo(seen);
            for (String worker : List.of("order-processor", "inventory-worker")) {
                replaying.add(stack.addInstance(worker, Map.of("PIPELINE_RESTORE_REPLAY", "true")).start());
            }
            replaying.forEach(stack::awaitReady);

            await("every order as the shoppers saw it").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(differences(seen)).as("orders not as the shoppers saw them").isEmpty());
            await("the stock as it was").atMost(Duration.ofMinutes(1))
                    .until(() -> Stock.of(sku).equals(before));
        } finally {
            replaying.forEach(instance -> instance.stop(Duration.ofSeconds(30)));
            replaying.forEach(JavaProcess::close);
            stack.orderProcessor().start();
            stack.inventoryWorker().start();
            stack.awaitReady(stack.orderProcessor());
            stack.awaitReady(stack.inventoryWorker());
        }
        Stock after = Stock.of(sku).assertConserved();
        long confirmed = seen.values().stream().filter("CONFIRMED"::equals).count();
        assertThat(after.sold()).isEqualTo(confirmed);
        assertThat(after.held()).isZero();
        assertThat(after.holds()).isZero();
        System.out.printf("restore: %d orders (%d CONFIRMED, %d REJECTED) as before the restore; sold %d of %d%n",
                seen.size(), confirmed, seen.size() - confirmed, after.sold(), UNITS);
    }

    private void shop(Api api, String sku) {
        while (driving.get()) {
            orders.add(Outages.checkoutRetryingOn503(api, sku, "restore"));
        }
    }

    private void awaitOrders(int count) {
        await().atMost(Duration.ofSeconds(120)).until(() -> orders.size() >= count);
    }

    /**
     * What {@code mongodump} would take: every collection of the pipeline's databases, once both
     * workers have written a restore point after this call began (the backup holds them).
     */
    private static Map<String, Map<String, List<Document>>> backUp() {
        Instant from = Instant.now();
        MongoDatabase[] owners = {Pipeline.mongo().getDatabase("orders"), Pipeline.mongo().getDatabase("inventory")};
        await("a restore point of each worker").atMost(Duration.ofSeconds(30)).until(() -> {
            for (MongoDatabase database : owners) {
                Document point = database.getCollection("restore_points").find().first();
                if (point == null || point.getDate("at").toInstant().isBefore(from)) {
                    return false;
                }
            }
            return true;
        });
        Map<String, Map<String, List<Document>>> backup = new HashMap<>();
        for (String name : DATABASES) {
            MongoDatabase database = Pipeline.mongo().getDatabase(name);
            Map<String, List<Document>> collections = new HashMap<>();
            for (String collection : database.listCollectionNames()) {
                collections.put(collection, database.getCollection(collection).find().into(new ArrayList<>()));
            }
            backup.put(name, collections);
        }
        return backup;
    }

    /** What {@code mongorestore --drop} does: each collection of the backup replaced by its backed-up content. */
    private static void restore(Map<String, Map<String, List<Document>>> backup) {
        backup.forEach((name, collections) -> collections.forEach((collection, documents) -> {
            var target = Pipeline.mongo().getDatabase(name).getCollection(collection);
            target.deleteMany(Filters.empty());
            if (!documents.isEmpty()) {
                target.insertMany(documents);
            }
        }));
    }

    /** The orders whose status in MongoDB is not the one seen, with the one stored (null: none). */
    private static Map<UUID, String> differences(Map<UUID, String> seen) {
        Map<UUID, String> differences = new LinkedHashMap<>();
        statusesIn(seen.keySet()).forEach((orderId, status) -> {
            if (!Objects.equals(status, seen.get(orderId))) {
                differences.put(orderId, seen.get(orderId) + " seen, " + status + " stored");
            }
        });
        return differences;
    }

    /** Each order's status as MongoDB has it (null for one it lacks), in the order given. */
    private static Map<UUID, String> statusesIn(Collection<UUID> orderIds) {
        Map<String, String> stored = new HashMap<>();
        Pipeline.mongo().getDatabase("orders").getCollection("orders")
                .find(Filters.in("_id", orderIds.stream().map(UUID::toString).toList()))
                .forEach(order -> stored.put(order.getString("_id"), order.getString("status")));
        Map<UUID, String> statuses = new LinkedHashMap<>();
        orderIds.forEach(orderId -> statuses.put(orderId, stored.get(orderId.toString())));
        return statuses;
    }
}
