package dev.orderpipeline.lag;

/**
 * How a consumer keeps up, in Burrow's terms, worst last. {@link #code()} is the number the
 * Prometheus gauges carry.
 */
public enum LagStatus {
    /** Keeping up, or catching up. */
    OK(0),
    /** Offsets advance, but the lag grew at every observation in the window: falling behind. */
    WARN(1),
    /** Commits arrive (the consumer is there), but the committed offset did not move over the window while there is lag. */
    STALL(2),
    /** No commit for longer than the window while there is lag: the consumer is gone. */
    STOP(3);

    private final int code;

    LagStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static LagStatus worst(LagStatus a, LagStatus b) {
        return a.code >= b.code ? a : b;
    }
}
