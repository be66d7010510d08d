package dev.orderpipeline.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleasedContractsTest {

    @TempDir
    Path released;

    @Test
    void theNewestReleaseIsTheHighestVersionNumberNotTheLastName() throws IOException {
        for (String version : new String[] {"0.9.1", "0.10.0", "0.2", "0.10"}) {
            Files.createDirectory(released.resolve(version));
        }

        assertThat(ReleasedContracts.newest(released)).isEqualTo(released.resolve("0.10.0"));
    }

    @Test
    void noReleaseRecordedIsAnError() {
        assertThatThrownBy(() -> ReleasedContracts.newest(released))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no release recorded");
    }
}
