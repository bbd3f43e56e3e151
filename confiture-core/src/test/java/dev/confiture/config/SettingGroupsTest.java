package dev.confiture.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The settings grouped by concern (Timeouts, Baseline, SchemaSettings): each group's defaults are the configuration's,
 * its rules hold, and a refusal is a hint in the words of whoever built the configuration.
 */
class SettingGroupsTest {

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

    @Test
    void theOtherGroupsDefaultsAndRules() {
        ConfitureConfiguration configuration = ConfitureConfiguration.builder().dataSource(new PGSimpleDataSource()).build();
        assertThat(configuration.baseline()).isEqualTo(Baseline.OFF);
        assertThat(configuration.schemaFiles()).isEqualTo(SchemaSettings.DEFAULTS);
        assertThat(configuration.events()).isEqualTo(EventSettings.DEFAULTS);
        assertThat(configuration.approvalGate()).isEqualTo(ApprovalGate.DEFAULTS);
        assertThat(configuration.toBuilder().environment("prod-eu").environmentAliases(List.of(" PRODUCTION ")).build()
                .requiresApprovals()).as("an alias triggers the gate").isTrue();
        assertThat(configuration.schemaFiles().locations()).containsExactly(ConfitureConfiguration.DEFAULT_SCHEMA_LOCATION);
        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> ConfitureConfiguration.builder().dataSource(new PGSimpleDataSource())
                        .baselineOnMigrate(true).build())
                .satisfies(error -> assertThat(error.hint()).isEqualTo(
                        "Set ConfitureConfiguration.baselineVersion to the newest migration the existing schema already contains"));
        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> ConfitureConfiguration.builder().dataSource(new PGSimpleDataSource())
                        .disabledLintRules("no-such-rule").build())
                .withMessageContaining("Unknown lint rule 'no-such-rule'");
        ConfitureConfiguration baselined = configuration.toBuilder().baselineOnMigrate(true).baselineVersion("002")
                .disabledLintRules("view-prefix").build();
        assertThat(baselined.toBuilder().build().baseline()).isEqualTo(baselined.baseline());
        assertThat(baselined.baseline().version()).hasToString("002");
        assertThat(baselined.schemaFiles().disabledLintRules()).containsExactly("view-prefix");
    }
}
