package dev.orderpipeline.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event of every type, as this build's code writes it: one cart checked out into an order that is
 * confirmed, one rejected and one cancelled order, and a product with its stock. A release records
 * them ({@link ReleaseRecorder}) as the events its producers wrote, for the rolling-update tests of
 * later builds. The catalog names MUG, the SKU the services' flow tests stock.
 */
final class ExampleEvents {

    static final UUID CART = UUID.fromString("0b5e2c9a-7d4e-8f11-9a3c-5e7f00c1d2a4");
    static final String IDEMPOTENCY_KEY = "release-example";
    static final UUID ORDER = UUID.nameUUIDFromBytes(("checkout/" + CART + "/" + IDEMPOTENCY_KEY)
            .getBytes(StandardCharsets.UTF_8));
    static final UUID REJECTED_ORDER = UUID.fromString("6f1d2b3c-4a5e-4f60-8b71-92a3b4c5d6e7");
    static final UUID CANCELLED_ORDER = UUID.fromString("7a2e3c4d-5b6f-4071-9c82-a3b4c5d6e7f8");
    static final Instant AT = Instant.parse("2026-12-01T10:15:30.123Z");

    private ExampleEvents() {
    }

    static List<EventEnvelope> all() {
        EventEnvelope checkout = external(4, new CheckoutRequested(CART, ORDER, IDEMPOTENCY_KEY,
                new Customer("ann@example.com", "Ann")), CART.toString());
        EventEnvelope placed = caused(checkout, new OrderPlaced(ORDER, CART,
                List.of(new OrderLine("MUG", 2, 1450)), 2900, "EUR"));
        EventEnvelope reserved = caused(placed, new StockReserved(ORDER));
        EventEnvelope rejectedAnswer = external(5, new StockRejected(REJECTED_ORDER, Reason.parse("OUT_OF_STOCK: MUG")),
                REJECTED_ORDER.toString());
        return List.of(
                external(1, new CartOpened(CART), CART.toString()),
                external(2, new CartItemAdded(CART, "MUG", 2), CART.toString()),
                external(3, new CartItemRemoved(CART, "BEANS"), CART.toString()),
                checkout, placed, reserved,
                caused(reserved, new OrderConfirmed(ORDER)),
                rejectedAnswer,
                caused(rejectedAnswer, new OrderRejected(REJECTED_ORDER, Reason.parse("OUT_OF_STOCK: MUG"))),
                external(6, new OrderCancelled(CANCELLED_ORDER, Reason.parse("EXPIRED: MUG")), CANCELLED_ORDER.toString()),
                external(7, new ProductUpserted("MUG", "Stoneware mug", "350 ml, dishwasher safe", 1450, "EUR"), "MUG"),
                external(8, new StockAdjusted("MUG", 25, "delivery 2026-12-01"), "MUG"));
    }

    private static EventEnvelope external(int n, PipelineEvent payload, String correlationId) {
        UUID id = UUID.nameUUIDFromBytes(("example/" + n).getBytes(StandardCharsets.UTF_8));
        return new EventEnvelope(id, payload.getClass().getSimpleName(), SchemaVersions.CURRENT.current(payload.getClass()),
                AT, payload.key(), correlationId, null, payload);
    }

    private static EventEnvelope caused(EventEnvelope cause, PipelineEvent payload) {
        EventEnvelope derived = EventEnvelope.causedBy(cause, payload);
        return new EventEnvelope(derived.eventId(), derived.type(), derived.schemaVersion(), AT, derived.key(),
                derived.correlationId(), derived.causationId(), payload);
    }
}
