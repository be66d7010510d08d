package dev.orderpipeline.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.StockAdjusted;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.runtime.BatchRun;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.OptimisticLockingFailureException;

import static dev.orderpipeline.inventory.OrderEvents.line;
import static dev.orderpipeline.inventory.OrderEvents.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No oversell, ever: after every batch of a random day (orders placed, confirmed, rejected and
 * cancelled, stock adjusted, batches replayed), for every SKU available + held + sold == stocked,
 * nothing is negative, and the holds are exactly those of the HELD reservations; and instances
 * racing on one SKU sell exactly what is there.
 */
class StockInvariantTest {

    private static final String[] SKUS = {"X", "Y", "Z"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 11, 2026})
    void stockStaysConsistentAfterEveryBatchOfARandomDay(long seed) {
        Random random = new Random(seed);
        List<PipelineEvent> answers = new ArrayList<>();
        try (InventoryFixture inventory = new InventoryFixture()) {
            inventory.product("X", 6);
            inventory.product("Y", 3);
            inventory.product("Z", 10);
            List<OrderEvents> placed = new ArrayList<>();
            List<List<ConsumerRecord<String, byte[]>>> batches = new ArrayList<>();
            for (int step = 0; step < 40; step++) {
                List<ConsumerRecord<String, byte[]>> batch = inventory.log.append(events(random, placed));
                batches.add(batch);
                answers.addAll(inventory.onOrderEvents(batch).payloads());
                if (random.nextInt(5) == 0) {
                    answers.addAll(inventory.onOrderEvents(batches.get(random.nextInt(batches.size()))).payloads());
                }
                if (random.nextInt(6) == 0) {
                    inventory.onCatalogEvents(adjustment(random));
                }
                inventory.assertStockConsistent();
            }
            assertThat(inventory.allStock()).as("some units were sold").anySatisfy(stock -> assertThat(stock.sold()).isPositive());
        }
        assertThat(answers).as("the day reserves and rejects")
                .hasAtLeastOneElementOfType(StockReserved.class).hasAtLeastOneElementOfType(StockRejected.class);
    }

    @Test
    void instancesRacingForOneSkuSellExactlyWhatIsThere() throws Exception {
        try (InventoryFixture inventory = new InventoryFixture()) {
            inventory.product("RACE", 30);
            List<List<ConsumerRecord<String, byte[]>>> batches = new ArrayList<>();
            for (int batch = 0; batch < 12; batch++) {
                batches.add(inventory.log.append(order(line("RACE", 1)).placed(), order(line("RACE", 1)).placed(),
                        order(line("RACE", 1)).placed(), order(line("RACE", 1)).placed(), order(line("RACE", 1)).placed()));
            }
            List<PipelineEvent> answers = new ArrayList<>();
            try (ExecutorService instances = Executors.newFixedThreadPool(4)) {
                List<Future<BatchRun>> runs = batches.stream()
                        .map(batch -> instances.submit(() -> untilApplied(inventory, batch))).toList();
                for (Future<BatchRun> run : runs) {
                    answers.addAll(run.get().payloads());
                }
            }
            assertThat(answers.stream().filter(StockReserved.class::isInstance)).hasSize(30);
            assertThat(answers.stream().filter(StockRejected.class::isInstance)).hasSize(30);
            assertThat(List.of(inventory.stock("RACE").available(), inventory.stock("RACE").held())).containsExactly(0L, 30L);
            inventory.assertStockConsistent();
        }
    }

    /** Handles the batch again after a lost race, as the listener container redelivers a rolled-back batch. */
    private static BatchRun untilApplied(InventoryFixture inventory, List<ConsumerRecord<String, byte[]>> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inventory.onOrderEvents(batch);
            } catch (OptimisticLockingFailureException e) {
                assertThat(attempt).as("redeliveries of one batch").isLessThan(50);
            }
        }
    }

    /** One to five events: mostly new orders of one or two lines, else the end of an order placed before. */
    private static EventEnvelope[] events(Random random, List<OrderEvents> placed) {
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = random.nextInt(5); i >= 0; i--) {
            if (placed.isEmpty() || random.nextInt(10) < 6) {
                OrderEvents order = newOrder(random);
                placed.add(order);
                events.add(order.placed());
            } else {
                OrderEvents order = placed.get(random.nextInt(placed.size()));
                events.add(switch (random.nextInt(3)) {
                    case 0 -> order.confirmed();
                    case 1 -> order.rejected();
                    default -> order.cancelled();
                });
            }
        }
        return events.toArray(EventEnvelope[]::new);
    }

    /** One to four units more or fewer of a SKU; a removal of more than is available is refused. */
    private static EventEnvelope adjustment(Random random) {
        String sku = SKUS[random.nextInt(SKUS.length)];
        int units = 1 + random.nextInt(4);
        return EventEnvelope.of(new StockAdjusted(sku, random.nextBoolean() ? units : -units, "count"), sku);
    }

    private static OrderEvents newOrder(Random random) {
        int first = random.nextInt(SKUS.length);
        OrderLine line = line(SKUS[first], 1 + random.nextInt(3));
        if (random.nextBoolean()) {
            return order(line);
        }
        return order(line, line(SKUS[(first + 1 + random.nextInt(SKUS.length - 1)) % SKUS.length], 1 + random.nextInt(3)));
    }
}
