package dev.orderpipeline.localstack;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.orderpipeline.testkit.FreePorts;
import dev.orderpipeline.testkit.JavaProcess;
import dev.orderpipeline.testkit.MongoEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process the local stack starts never outlives the JVM that started it: killed with SIGKILL, so
 * that it could not stop anything, the parent still takes its children with it (testkit's
 * ParentWatch agent, which JavaProcess gives every child).
 */
class ParentWatchIT {

    @TempDir
    Path dir;

    @Test
    void aChildEndsWhenItsParentIsKilled() throws Exception {
        Process parent = new ProcessBuilder(JavaProcess.javaBinary(), "-cp", JavaProcess.currentClasspath(),
                StartsAChild.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the parent names its child").startsWith("child ");
            ProcessHandle child = ProcessHandle.of(Long.parseLong(line.substring(6).trim())).orElseThrow();
            assertThat(child.isAlive()).isTrue();

            parent.destroyForcibly().waitFor();

            await().atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
        } finally {
            parent.destroyForcibly();
        }
    }

    /** A parent: starts a MongoDB stand-in as a child process, says its pid, then waits to be killed. */
    public static final class StartsAChild {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            JavaProcess child = new JavaProcess("child", List.of("-Xmx128m"), List.of("-cp", JavaProcess.currentClasspath(),
                    MongoEndpoint.class.getName(), dir.resolve("child.mv").toString(), String.valueOf(FreePorts.next())),
                    Map.of(), dir.resolve("child.log")).start();
            System.out.println("child " + child.pid());
            System.out.flush();
            Thread.currentThread().join();
        }
    }
}
