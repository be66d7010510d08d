package dev.orderpipeline.orders;

import java.util.UUID;

import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.runtime.BatchRun;
import dev.orderpipeline.runtime.ReleasedEvents;
import dev.orderpipeline.runtime.TopicLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling update: the events the last release's storefront and inventory worker wrote
 * ({@link ReleasedEvents}) are handled by this build's order processor as the release handled them,
 * down to the ids of the events it publishes, so consumers of either version see one history.
 */
class ReleasedEventsFlowTest {

    private final OrderProcessorFixture processor = new OrderProcessorFixture();
    private final TopicLog log = new TopicLog(Topics.PARTITIONS);
    private final ReleasedEvents released = ReleasedEvents.lastRelease();

    @AfterEach
    void stop() {
        processor.close();
    }

    @Test
    void theReleasesCartEventsPlaceTheOrderTheReleasePlaced() {
        EventEnvelope releasePlaced = read("OrderPlaced");

        BatchRun run = processor.onCartEvents(released.append(log,
                "CartOpened", "CartItemAdded", "CartItemRemoved", "CheckoutRequested"));

        assertThat(run.payloads()).containsExactly(releasePlaced.payload());
        assertThat(run.eventIds()).containsExactly(releasePlaced.eventId());
        assertThat(processor.order(orderId()).status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void theReleasesStockReservedConfirmsTheOrder() {
        processor.onCartEvents(released.append(log, "CartOpened", "CartItemAdded", "CheckoutRequested"));

        BatchRun run = processor.onInventoryAnswers(released.append(log, "StockReserved"));

        assertThat(run.payloads()).containsExactly(read("OrderConfirmed").payload());
        assertThat(run.eventIds()).containsExactly(read("OrderConfirmed").eventId());
        assertThat(processor.order(orderId()).status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    private UUID orderId() {
        return ((OrderPlaced) read("OrderPlaced").payload()).orderId();
    }

    private EventEnvelope read(String type) {
        return EventJson.read(released.bytes(type));
    }
}
