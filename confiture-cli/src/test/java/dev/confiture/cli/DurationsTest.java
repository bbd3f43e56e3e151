package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Durations of --lock-wait and CONFITURE_LOCK_WAIT.
 */
class DurationsTest {

    @Test
    void unitsAndIso8601AreAccepted() {
        assertThat(Durations.parse("250ms", "x")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("30s", "x")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 5m ", "x")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2H", "x")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("PT1M30S", "x")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("pt0s", "x")).isZero();
    }

    @Test
    void bareNumbersAndNegativeDurationsAreRefused() {
        assertThatThrownBy(() -> Durations.parse("30", "--lock-wait")).isInstanceOf(UsageException.class)
                .hasMessage("--lock-wait: '30' is not a duration; write e.g. 30s, 5m, 2h, 250ms or PT5M");
        assertThatThrownBy(() -> Durations.parse("PT-5S", "CONFITURE_LOCK_WAIT")).isInstanceOf(UsageException.class)
                .hasMessageContaining("negative");
    }
}
