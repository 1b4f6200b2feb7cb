package io.comention.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsAndWritesTheShortForm() {
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse(" 24h ")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    }

    @Test
    void refusesOtherFormsWithTheExpectedOne() {
        assertThatThrownBy(() -> Durations.parse("1 hour")).hasMessageContaining("like 500ms, 30s, 15m, 1h or 7d");
        assertThatThrownBy(() -> Durations.parse("PT1H")).isInstanceOf(IllegalArgumentException.class);
    }
}
