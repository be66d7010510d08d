package dev.orderpipeline.loadgen;

import java.time.Duration;

/**
 * A request that did not go as a shopper expected: counted as an error of {@code kind} (for example
 * {@code checkout 503}), never thrown out of a shopper. {@code pause} is how long a closed-loop
 * shopper should wait before its next try (the server's Retry-After, or a moment after a refused
 * connection, so a dead server is not hammered in a tight loop).
 */
final class Failure extends RuntimeException {

    private final String kind;
    private final Duration pause;

    Failure(String kind, Duration pause) {
        super(kind, null, false, false);
        this.kind = kind;
        this.pause = pause;
    }

    Failure(String kind) {
        this(kind, Duration.ZERO);
    }

    String kind() {
        return kind;
    }

    Duration pause() {
        return pause;
    }
}
