package dev.orderpipeline.testkit;

import java.util.Arrays;
import java.util.List;

/**
 * How the JVMs of a local stack compile and collect. Several JVMs share a few cores, so all use the
 * serial collector. A stack that runs for minutes under load ({@code ./run-local}, the benchmark, the
 * fault proof) keeps the JVM's tiered compilation: C2's code pays for its compiling within a couple
 * of minutes (BENCHMARKS.md). A stack that lives for a test's few requests compiles with C1 only,
 * which starts quicker and compiles less.
 */
public final class JvmOptions {

    public static final List<String> LONG_RUNNING = List.of("-XX:+UseSerialGC");
    public static final List<String> SHORT_LIVED = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private JvmOptions() {
    }

    /**
     * The options set by the system property {@code localstack.jvm-options} or the environment
     * variable {@code LOCAL_STACK_JVM_OPTIONS} (space-separated), else {@code fallback}.
     */
    public static List<String> configured(List<String> fallback) {
        String configured = System.getProperty("localstack.jvm-options", System.getenv("LOCAL_STACK_JVM_OPTIONS"));
        return configured == null || configured.isBlank() ? fallback
                : Arrays.stream(configured.trim().split("\\s+")).toList();
    }
}
