package dev.orderpipeline.inventory;

import java.util.List;

import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.events.StockAdjusted;
import dev.orderpipeline.runtime.BatchRun;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.orderpipeline.inventory.OrderEvents.line;
import static dev.orderpipeline.inventory.OrderEvents.order;
import static org.assertj.core.api.Assertions.assertThat;

/** The inventory worker's catalog flow: products and stock adjustments from the admin API. */
class CatalogFlowTest {

    private final InventoryFixture inventory = new InventoryFixture();

    @AfterEach
    void stop() {
        inventory.assertStockConsistent();
        inventory.close();
    }

    @Test
    void aNewProductGetsItsCatalogEntryAndAnEmptyStock() {
        BatchRun run = inventory.onCatalogEvents(upserted("MUG", 1450));

        assertThat(run.published()).isEmpty();
        assertThat(inventory.product("MUG")).satisfies(product -> {
            assertThat(product.name()).isEqualTo("Mug MUG");
            assertThat(product.priceCents()).isEqualTo(1450);
            assertThat(product.currency()).isEqualTo("EUR");
        });
        assertThat(inventory.stock("MUG")).isEqualTo(StockDocument.empty("MUG", 0));
    }

    @Test
    void anUpsertOfAKnownProductChangesItsEntryAndKeepsItsStock() {
        inventory.product("MUG", 5);

        inventory.onCatalogEvents(upserted("MUG", 990));

        assertThat(inventory.product("MUG").priceCents()).isEqualTo(990);
        assertStock("MUG", 5, 5, 0);
    }

    @Test
    void aStockAdjustmentAppliesOncePerEvent() {
        inventory.product("A", 10);
        EventEnvelope delivery = adjusted("A", 5);

        inventory.onCatalogEvents(delivery);
        inventory.onCatalogEvents(delivery);
        inventory.onCatalogEvents(adjusted("A", 5));

        assertStock("A", 20, 20, 0);
    }

    @Test
    void aRemovalTakesAvailableUnitsAndLeavesTheHeldOnes() {
        inventory.product("A", 10);
        inventory.onOrderEvents(order(line("A", 8)).placed());

        BatchRun run = inventory.onCatalogEvents(adjusted("A", -2));

        assertThat(run.deadLettered()).isEmpty();
        assertStock("A", 8, 0, 8);
    }

    @Test
    void aRemovalOfMoreThanIsAvailableIsDeadLetteredAndChangesNothing() {
        inventory.product("A", 10);
        inventory.onOrderEvents(order(line("A", 8)).placed());

        BatchRun run = inventory.onCatalogEvents(adjusted("A", -5));

        assertThat(run.deadLettered().values()).singleElement().asString().contains("cannot adjust A by -5");
        assertStock("A", 10, 2, 8);
    }

    @Test
    void anAdjustmentOfAnUnknownSkuIsDeadLetteredAndTheRestOfItsBatchApplied() {
        inventory.product("A", 10);
        List<ConsumerRecord<String, byte[]>> batch = inventory.log.append(adjusted("NOPE", 5), adjusted("A", 1));

        BatchRun run = inventory.onCatalogEvents(batch);

        assertThat(run.deadLettered()).containsOnlyKeys(batch.getFirst());
        assertThat(inventory.stock("NOPE")).isNull();
        assertStock("A", 11, 11, 0);
    }

    private void assertStock(String sku, long stocked, long available, long held) {
        StockDocument stock = inventory.stock(sku);
        assertThat(List.of(stock.stocked(), stock.available(), stock.held())).as("stocked, available, held of %s", sku)
                .containsExactly(stocked, available, held);
    }

    private static EventEnvelope upserted(String sku, long priceCents) {
        return EventEnvelope.of(new ProductUpserted(sku, "Mug " + sku, "", priceCents, "EUR"), sku);
    }

    private static EventEnvelope adjusted(String sku, int delta) {
        return EventEnvelope.of(new StockAdjusted(sku, delta, "count"), sku);
    }
}
