package dev.orderpipeline.systemtests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoakTest {

    @Test
    void heapInUseIsSurvivorEdenAndOldGenerationsFromJstat() {
        String jstat = """
                 S0C         S1C         S0U         S1U          EC           EU           OC           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     CGC    CGCT       GCT
                  4352.0      4352.0         0.0      1024.5      34944.0      2048.0      87424.0      61440.0     82304.0    80000.0   10000.0    9000.0     12     0.050     1     0.120     -         -     0.170
                """;

        assertThat(Soak.heapUsedKiB(jstat)).isEqualTo(1024.5 + 2048.0 + 61440.0);
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
