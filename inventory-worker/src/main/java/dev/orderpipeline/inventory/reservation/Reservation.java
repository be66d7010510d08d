package dev.orderpipeline.inventory.reservation;

import java.util.List;
import java.util.UUID;

import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;

/** What the inventory decided for one order, and where the order's units are now. */
public record Reservation(UUID orderId, State state, List<OrderLine> lines, String reason) {

    public enum State { HELD, REJECTED, SOLD, RELEASED }

    /** The answer to publish for this reservation; none once the order has moved on. */
    public PipelineEvent decision() {
        return switch (state) {
            case HELD -> new StockReserved(orderId);
            case REJECTED -> new StockRejected(orderId, reason);
            case SOLD, RELEASED -> null;
        };
    }
}
