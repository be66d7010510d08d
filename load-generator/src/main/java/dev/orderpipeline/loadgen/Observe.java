package dev.orderpipeline.loadgen;

/** How a shopper learns that its order reached a final status. */
public enum Observe {
    /** The order's event stream, {@code GET /api/orders/{id}/events}. */
    SSE,
    /** {@code GET /api/orders/{id}} every 20 ms. */
    POLL;

    String cliName() {
        return name().toLowerCase();
    }
}
