package dev.orderpipeline.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.InvalidEventException;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.events.StockAdjusted;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.inventory.catalog.CatalogStore;
import dev.orderpipeline.inventory.reservation.Reservation;
import dev.orderpipeline.inventory.reservation.ReservationStore;
import dev.orderpipeline.inventory.reservation.StockStore;
import dev.orderpipeline.inventory.reservation.StockStore.HoldResult;
import dev.orderpipeline.runtime.EventHandler;
import dev.orderpipeline.runtime.EventRecord;
import org.springframework.stereotype.Component;

import static dev.orderpipeline.runtime.EventHandler.nothingPublished;
import static dev.orderpipeline.runtime.EventHandler.outcomeOf;

/**
 * The inventory worker's business flow, one event at a time.
 *
 * <ul>
 *   <li>{@link OrderPlaced}: hold every line or none, answer {@link StockReserved} or {@link StockRejected}.</li>
 *   <li>{@link OrderConfirmed}: the held units become sold.</li>
 *   <li>{@link OrderRejected}, {@link OrderCancelled}: the held units become available again.</li>
 *   <li>{@link ProductUpserted}, {@link StockAdjusted}: maintain the catalog and the stock.</li>
 * </ul>
 *
 * Every step is safe to repeat: holds are recorded per order inside the SKU's document by the same
 * atomic update that moves the units, and the per-order {@link Reservation} says what was decided.
 */
@Component
public class InventoryFlow implements EventHandler {

    private final StockStore stock;
    private final ReservationStore reservations;
    private final CatalogStore catalog;

    public InventoryFlow(StockStore stock, ReservationStore reservations, CatalogStore catalog) {
        this.stock = stock;
        this.reservations = reservations;
        this.catalog = catalog;
    }

    @Override
    public List<EventEnvelope> handle(EventRecord record) {
        EventEnvelope event = record.event();
        return switch (event.payload()) {
            case OrderPlaced placed -> outcomeOf(event, reserve(placed));
            case OrderConfirmed confirmed -> nothingPublished(() -> sell(confirmed.orderId()));
            case OrderRejected rejected -> nothingPublished(() -> release(rejected.orderId()));
            case OrderCancelled cancelled -> nothingPublished(() -> release(cancelled.orderId()));
            case ProductUpserted product -> nothingPublished(() -> catalog.upsert(product));
            case StockAdjusted adjustment -> nothingPublished(() -> adjust(adjustment, event.eventId()));
            default -> throw new InvalidEventException(
                    "inventory-worker does not handle " + event.type() + " from " + record.topic());
        };
    }

    /** Holds every line or none. A replay finds the holds it made and reaches the same decision. */
    PipelineEvent reserve(OrderPlaced order) {
        Reservation earlier = reservations.find(order.orderId());
        if (earlier != null) {
            return earlier.decision();
        }
        List<OrderLine> held = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> short_ = new ArrayList<>();
        for (OrderLine line : order.lines()) {
            HoldResult result = stock.hold(line.sku(), order.orderId(), line.quantity());
            switch (result) {
                case HELD -> held.add(line);
                case SHORT -> short_.add(line.sku());
                case UNKNOWN_SKU -> unknown.add(line.sku());
            }
        }
        if (unknown.isEmpty() && short_.isEmpty()) {
            return reservations.held(order.orderId(), order.lines()).decision();
        }
        held.forEach(line -> stock.release(line.sku(), order.orderId(), line.quantity()));
        String reason = unknown.isEmpty()
                ? "OUT_OF_STOCK: " + String.join(", ", short_)
                : "UNKNOWN_PRODUCT: " + String.join(", ", unknown);
        return reservations.rejected(order.orderId(), order.lines(), reason).decision();
    }

    private void sell(UUID orderId) {
        Reservation reservation = reservations.find(orderId);
        if (reservation == null || reservation.state() != Reservation.State.HELD) {
            return;
        }
        reservation.lines().forEach(line -> stock.sell(line.sku(), orderId, line.quantity()));
        reservations.finish(orderId, Reservation.State.SOLD);
    }

    private void release(UUID orderId) {
        Reservation reservation = reservations.find(orderId);
        if (reservation == null || reservation.state() != Reservation.State.HELD) {
            return;
        }
        reservation.lines().forEach(line -> stock.release(line.sku(), orderId, line.quantity()));
        reservations.finish(orderId, Reservation.State.RELEASED);
    }

    private void adjust(StockAdjusted adjustment, UUID eventId) {
        if (!stock.adjust(adjustment.sku(), adjustment.delta(), eventId)) {
            throw new InvalidEventException("cannot adjust " + adjustment.sku() + " by " + adjustment.delta()
                    + ": unknown sku, or fewer units available than the adjustment removes");
        }
    }
}
