package dev.orderpipeline.documents;

public enum OrderStatus {
    PENDING, CONFIRMED, REJECTED, CANCELLED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
