package dev.orderpipeline.testkit;

import java.lang.instrument.Instrumentation;
import java.util.Optional;

/**
 * A Java agent ({@code -javaagent:<the testkit jar>}) that ends its JVM when the JVM that started it
 * is gone. {@link JavaProcess} gives it to every child it starts, so a broker, a MongoDB stand-in or
 * a service never outlives the test, script or {@code ./run-local} that started it, even when that
 * one was killed before it could stop them.
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    /**
     * @param arguments the pid of the JVM that started this one. Named by the starter rather than
     *                  looked up here: a starter killed before this agent runs would otherwise leave
     *                  this JVM with the process it was handed to (init) as its parent, and no reason to exit.
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        Optional<ProcessHandle> starter = arguments == null || arguments.isBlank()
                ? ProcessHandle.current().parent()
                : ProcessHandle.of(Long.parseLong(arguments.strip()));
        if (starter.isEmpty() || !starter.get().isAlive()) {
            exit(arguments);
            return;
        }
        starter.get().onExit().thenRun(() -> exit(String.valueOf(starter.get().pid())));
    }

    private static void exit(String starter) {
        System.err.println("[parent-watch] the process that started this one (" + starter + ") is gone: exiting");
        System.exit(143);
    }
}
