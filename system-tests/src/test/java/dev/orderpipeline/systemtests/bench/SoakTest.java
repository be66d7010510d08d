package dev.orderpipeline.systemtests.bench;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void aRunningJvmIsSampled() {
        Soak.ProcessSample self = Soak.sample(ProcessHandle.current().pid());

        assertThat(self.heapAfterGcMiB()).isPositive();
        assertThat(self.residentMiB()).isGreaterThan(self.heapAfterGcMiB() / 2);
        assertThat(self.openFiles()).isPositive();
        assertThat(self.threads()).isGreaterThan(1);
    }
}
