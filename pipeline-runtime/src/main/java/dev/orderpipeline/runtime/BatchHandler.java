package dev.orderpipeline.runtime;

/**
 * A service's business step over one poll's events: read what the batch needs, apply its effects to
 * MongoDB idempotently, and say what to publish. Called again with the same events after a crash or a
 * rewind, it must change nothing twice and publish the same events (same ids); called with any
 * sub-list of a batch (one record at a time, when a batch fails), it must still be right.
 */
@FunctionalInterface
public interface BatchHandler {

    void handle(EventBatch batch);
}
