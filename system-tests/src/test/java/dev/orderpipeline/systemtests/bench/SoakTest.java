package dev.orderpipeline.systemtests.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class SoakTest {

    @Test
    void liveHeapIsTheHistogramTotalWithoutFillerArrays() {
        String histogram = """
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         50000        4000000  [B (java.base@25.0.3)
                   2:          2597       10589784  [Ljdk.internal.vm.FillerElement; (java.base@25.0.3)
                   3:         20000         480000  java.lang.String (java.base@25.0.3)
                Total         72597       15069784
                """;

        assertThat(Soak.liveBytes(histogram)).isEqualTo(4_480_000);
    }

    /** A JVM to sample: jcmd cannot take a class histogram of the JVM that waits for its output. */
    public static final class Idle {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Duration.ofMinutes(2));
        }
    }

    @Test
    void aRunningJvmIsSampled() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Idle.class.getName()).start();
        try {
            Soak.ProcessSample sample = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> Soak.sample(child.pid()), s -> s.heapAfterGcMiB() > 0);

            assertThat(sample.residentMiB()).isGreaterThan(sample.heapAfterGcMiB());
            assertThat(sample.openFiles()).isPositive();
            assertThat(sample.threads()).isGreaterThan(1);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }
}
