package dev.orderpipeline.inventory.reservation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.Reason;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * {@code inventory.reservations}: what the inventory decided for one order, and where the order's
 * units are now. The first decision is kept, so a replay of {@code OrderPlaced} (even after a
 * consumer-group rewind) answers the same and never reserves a sold order again.
 */
@Document("reservations")
public record ReservationDocument(@Id UUID orderId, State state, List<Line> lines, Reason reason, Instant updatedAt) {

    public enum State { HELD, REJECTED, SOLD, RELEASED }

    public record Line(String sku, int quantity) {
        static List<Line> of(List<OrderLine> lines) {
            return lines.stream().map(line -> new Line(line.sku(), line.quantity())).toList();
        }
    }

    public static ReservationDocument held(UUID orderId, List<OrderLine> lines, Instant now) {
        return new ReservationDocument(orderId, State.HELD, Line.of(lines), null, now);
    }

    public static ReservationDocument rejected(UUID orderId, List<OrderLine> lines, Reason reason, Instant now) {
        return new ReservationDocument(orderId, State.REJECTED, Line.of(lines), reason, now);
    }

    public ReservationDocument finished(State state, Instant now) {
        return new ReservationDocument(orderId, state, lines, reason, now);
    }

    /** The answer to publish for this reservation; none once the order has moved on. */
    public PipelineEvent decision() {
        return switch (state) {
            case HELD -> new StockReserved(orderId);
            case REJECTED -> new StockRejected(orderId, reason);
            case SOLD, RELEASED -> null;
        };
    }
}
