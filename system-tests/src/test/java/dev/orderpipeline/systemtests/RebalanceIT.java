package dev.orderpipeline.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.orderpipeline.localstack.LocalStack;
import dev.orderpipeline.testkit.JavaProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second instance of each worker joins while checkouts flow, takes partitions over in the
 * middle of the first instance's batches (a cooperative rebalance: only the partitions that move
 * stop), works beside it, then leaves (SIGTERM, another rebalance): every record is still applied
 * once, every order ends CONFIRMED decided once, and the stock moved exactly once per order.
 */
class RebalanceIT {

    private static final String[] WORKERS = {"order-processor", "inventory-worker"};
    /** A listener container per input topic, so a consumer per topic per instance. */
    private static final int CONSUMERS_PER_INSTANCE = 2;
    private static final int MAX_ORDERS = 10_000;

    private final Queue<UUID> orders = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean driving = new AtomicBoolean(true);

    @Test
    void instancesJoiningAndLeavingMidStreamApplyEveryRecordOnce() throws Exception {
        LocalStack stack = Pipeline.stack();
        Api api = Pipeline.api();
        String sku = Skus.unique("REBALANCE");
        api.createProduct(sku, 250, MAX_ORDERS * 2);
        List<JavaProcess> joined = new ArrayList<>();
        try (ExecutorService shoppers = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory());
             Admin admin = KafkaTopics.admin()) {
            for (int i = 0; i < 8; i++) {
                shoppers.submit(() -> shop(api, sku));
            }
            awaitMoreOrders(50);

            for (String worker : WORKERS) {
                joined.add(stack.addInstance(worker).start());
            }
            joined.forEach(stack::awaitReady);
            await("both instances of each worker own partitions").atMost(Duration.ofSeconds(90))
                    .until(() -> assignedConsumers(admin, WORKERS[0]) == 2 * CONSUMERS_PER_INSTANCE
                            && assignedConsumers(admin, WORKERS[1]) == 2 * CONSUMERS_PER_INSTANCE);
            for (String worker : WORKERS) {
                assertThat(describe(admin, worker).partitionAssignor()).as(worker).isEqualTo("cooperative-sticky");
            }
            System.out.printf("rebalance: second instances joined with %d orders placed%n", orders.size());
            awaitMoreOrders(100);

            joined.forEach(JavaProcess::terminate);
            joined.forEach(instance -> instance.awaitExit(Duration.ofSeconds(30)));
            await("the first instances own every partition again").atMost(Duration.ofSeconds(90))
                    .until(() -> assignedConsumers(admin, WORKERS[0]) == CONSUMERS_PER_INSTANCE
                            && assignedConsumers(admin, WORKERS[1]) == CONSUMERS_PER_INSTANCE);
            System.out.printf("rebalance: second instances left with %d orders placed%n", orders.size());
            awaitMoreOrders(50);

            driving.set(false);
            shoppers.shutdown();
            assertThat(shoppers.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            joined.forEach(JavaProcess::close);
        }

        List<UUID> orderIds = List.copyOf(orders);
        for (UUID orderId : orderIds) {
            assertThat(api.awaitFinal(orderId).path("status").asString()).as(orderId.toString()).isEqualTo("CONFIRMED");
        }
        Stock stock = Stock.of(sku).assertConserved();
        assertThat(stock.sold()).isEqualTo(orderIds.size());
        assertThat(stock.held()).isZero();
        assertThat(stock.holds()).isZero();
        Outages.assertEachDecidedOnce(orderIds);
        // drawn by the first instance, by the one that joined, by the first again once it left
        long epochs = mostAssignments();
        assertThat(epochs).as("assignment epochs of the busiest orders.v1 partition").isGreaterThanOrEqualTo(3);
        System.out.printf("rebalance: %d orders across two rebalances of each worker, all CONFIRMED once; sold %d;"
                + " a partition's stock writes fenced under %d assignment epochs%n", orderIds.size(), stock.sold(), epochs);
    }

    private void shop(Api api, String sku) {
        while (driving.get() && orders.size() < MAX_ORDERS) {
            orders.add(Outages.checkoutRetryingOn503(api, sku, "rebalance"));
        }
    }

    private void awaitMoreOrders(int more) {
        int target = orders.size() + more;
        await().atMost(Duration.ofSeconds(90)).until(() -> orders.size() >= target);
    }

    /** The highest assignment epoch the inventory worker's instances drew for an {@code orders.v1} partition. */
    private static long mostAssignments() {
        long most = 0;
        for (Document counter : Pipeline.mongo().getDatabase("inventory").getCollection("assignment_epochs").find()) {
            most = Math.max(most, ((Number) counter.get("epoch")).longValue());
        }
        return most;
    }

    /** Members of the worker's group that hold at least one partition now. */
    private static long assignedConsumers(Admin admin, String group) throws Exception {
        return describe(admin, group).members().stream()
                .filter(member -> !member.assignment().topicPartitions().isEmpty())
                .count();
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(10, TimeUnit.SECONDS);
    }
}
