package dev.orderpipeline.inventory;

import java.util.List;

import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.runtime.BatchRun;
import dev.orderpipeline.runtime.ReleasedEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling update: the events the last release's storefront and order processor wrote
 * ({@link ReleasedEvents}) are handled by this build's inventory worker as the release handled them,
 * down to the ids of the events it publishes.
 */
class ReleasedEventsFlowTest {

    private final InventoryFixture inventory = new InventoryFixture();
    private final ReleasedEvents released = ReleasedEvents.lastRelease();

    @AfterEach
    void stop() {
        inventory.assertStockConsistent();
        inventory.close();
    }

    @Test
    void theReleasesProductAndOrderAreHeldAsTheReleaseHeldThemAndSoldOnConfirmation() {
        inventory.onCatalogEvents(released.append(inventory.log, "ProductUpserted", "StockAdjusted"));
        assertThat(inventory.product("MUG").priceCents()).isEqualTo(1450);

        BatchRun held = inventory.onOrderEvents(released.append(inventory.log, "OrderPlaced"));
        assertThat(held.payloads()).containsExactly(read("StockReserved").payload());
        assertThat(held.eventIds()).containsExactly(read("StockReserved").eventId());
        assertStock(25, 23, 2, 0);

        BatchRun sold = inventory.onOrderEvents(released.append(inventory.log, "OrderConfirmed"));
        assertThat(sold.published()).isEmpty();
        assertStock(25, 23, 0, 2);
    }

    private void assertStock(long stocked, long available, long held, long sold) {
        StockDocument stock = inventory.stock("MUG");
        assertThat(List.of(stock.stocked(), stock.available(), stock.held(), stock.sold()))
                .as("stocked, available, held, sold").containsExactly(stocked, available, held, sold);
    }

    private EventEnvelope read(String type) {
        return EventJson.read(released.bytes(type));
    }
}
