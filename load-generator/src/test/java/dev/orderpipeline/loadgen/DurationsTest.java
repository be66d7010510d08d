package dev.orderpipeline.loadgen;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DurationsTest {

    @Test
    void parsesTheUsualUnitsAndPlainSeconds() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("15")).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void refusesWhatIsNotADuration() {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("ten seconds"))
                .withMessageContaining("not a duration");
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("-5s"));
    }

    @Test
    void formatsInSecondsOrMilliseconds() {
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }
}
