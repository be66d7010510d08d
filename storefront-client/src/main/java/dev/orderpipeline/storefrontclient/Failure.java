package dev.orderpipeline.storefrontclient;

import java.time.Duration;

/**
 * A request that did not go as its caller expected, of {@code kind} (for example {@code checkout 503}:
 * the load generator counts errors by kind). {@code pause} is how long a client should wait before
 * its next try (the server's Retry-After, at most 5 s, or a moment after a refused connection, so a
 * dead server is not hammered in a tight loop).
 */
public final class Failure extends RuntimeException {

    /** The status of a request that got no answer: refused, broken or timed out. */
    public static final int UNANSWERED = 0;
    /** The status of a failure that is no answer of the storefront's (a body the caller could not use). */
    public static final int NONE = -1;

    private final String kind;
    private final Duration pause;
    /** The storefront's status, {@link #UNANSWERED} when it did not answer, {@link #NONE} when it is no answer's fault. */
    private final int status;

    public Failure(String kind, Duration pause, int status) {
        super(kind, null, false, false);
        this.kind = kind;
        this.pause = pause;
        this.status = status;
    }

    public Failure(String kind) {
        this(kind, Duration.ZERO, NONE);
    }

    public String kind() {
        return kind;
    }

    public Duration pause() {
        return pause;
    }

    /** The answer's status, {@link #UNANSWERED} or {@link #NONE}. */
    public int status() {
        return status;
    }

    /** A 503 or no answer at all: what a client may retry with the same request (API.md). */
    public boolean retryable() {
        return status == 503 || status == UNANSWERED;
    }
}
