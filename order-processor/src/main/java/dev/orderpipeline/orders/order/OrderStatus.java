package dev.orderpipeline.orders.order;

public enum OrderStatus {
    PENDING, CONFIRMED, REJECTED, CANCELLED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
