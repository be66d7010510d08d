package dev.orderpipeline.testkit;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent ({@code -javaagent:<the testkit jar>}) that ends its JVM when the JVM that started it
 * is gone. {@link JavaProcess} gives it to every child it starts, so a broker, a MongoDB stand-in or
 * a service never outlives the test, script or {@code ./run-local} that started it, even when that
 * one was killed before it could stop them.
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println("[parent-watch] the process that started this one (" + parent.pid() + ") is gone: exiting");
            System.exit(143);
        }));
    }
}
