package dev.confiture.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The timeout settings' one home: defaults, the rules, and a hint in the words of whoever built the configuration.
 */
class TimeoutsTest {

    @Test
    void theConfigurationsDefaultsAreTheRecordsDefaults() {
        ConfitureConfiguration configuration = ConfitureConfiguration.builder().dataSource(new PGSimpleDataSource()).build();
        assertThat(configuration.timeouts()).isEqualTo(Timeouts.DEFAULTS)
                .isEqualTo(new Timeouts(Duration.ofMinutes(5), Duration.ofSeconds(10), 3, null));
        assertThat(configuration.toBuilder().build().timeouts()).isEqualTo(Timeouts.DEFAULTS);
    }

    @Test
    void aNegativeDurationIsRefusedNamingTheSettingInTheCallersWords() {
        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> ConfitureConfiguration.builder().dataSource(new PGSimpleDataSource())
                        .lockWait(Duration.ofSeconds(-1)).build())
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(error.problem()).isEqualTo("lock-wait is negative (PT-1S)");
                    assertThat(error.hint()).isEqualTo("Set ConfitureConfiguration.lockWait to zero or a positive duration");
                });
        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> ConfitureConfiguration.builder().dataSource(new PGSimpleDataSource())
                        .wording(setting -> setting == Setting.STATEMENT_TIMEOUT ? "--statement-timeout" : "?")
                        .statementTimeout(Duration.ofMillis(-5)).build())
                .satisfies(error -> assertThat(error.hint()).isEqualTo("Set --statement-timeout to zero or a positive duration"));
        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> new Timeouts(Duration.ZERO, null, -1, null))
                .withMessageContaining("lock-timeout-retries is -1");
    }
}
