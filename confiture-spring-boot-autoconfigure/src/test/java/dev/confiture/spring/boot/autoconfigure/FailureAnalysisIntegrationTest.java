package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.confiture.Confiture;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A migration that fails, a changed applied file, a lock wait that ran out and a missing approval each end the start
 * with Boot's "APPLICATION FAILED TO START" report naming what failed (the file, the line, the SQLSTATE where there is
 * one) and the fix, however deep under other beans' errors the cause is.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalysisIntegrationTest {

    @Test
    void aFailedMigrationIsTheReportOfTheFailedStart(CapturedOutput output) {
        try (TestDatabase database = SharedPostgres.createDatabase("failure_analysis")) {
            SpringApplication application = new SpringApplication(TestApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);

            Throwable failure = catchThrowable(() -> application.run("--spring.datasource.url=" + database.jdbcUrl(),
                    "--spring.datasource.username=" + database.user(), "--confiture.locations=classpath:db/broken"));

            assertThat(failure).isNotNull();
            assertThat(output).contains("APPLICATION FAILED TO START", "Confiture could not migrate the database "
                    + "(MIGRATION_FAILED): Migration 001_broken failed at statement", "division by zero",
                    "001_broken.up.sql", "SQLSTATE 22012", "Action:");
            FailureAnalysis analysis = new ConfitureFailureAnalyzer().analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getAction()).contains("run migrate again");
        }
    }

    @Test
    void aChangedAppliedFileIsTheReportNamingTheFileAndTheFix(CapturedOutput output) throws Exception {
        try (TestDatabase database = SharedPostgres.createDatabase("failure_checksum")) {
            new Confiture(ConfitureConfiguration.builder().dataSource(database.dataSource())
                    .locations("classpath:db/migration").build()).migrate();
            ConfitureAutoConfigurationTest.execute(database, "UPDATE tb_confiture SET checksum = 'edited' WHERE version = '001'");

            assertThat(start(database, "--confiture.locations=classpath:db/migration")).isNotNull();
            assertThat(output).contains("APPLICATION FAILED TO START", "(CHECKSUM_MISMATCH)", "001", "Action:");
        }
    }

    @Test
    void aLockWaitThatRanOutIsTheReportNamingTheHolder(CapturedOutput output) throws Exception {
        try (TestDatabase database = SharedPostgres.createDatabase("failure_lock")) {
            Confiture other = new Confiture(ConfitureConfiguration.builder().dataSource(database.dataSource())
                    .locations("classpath:db/slow").build());
            Thread holder = new Thread(other::migrate, "other-migrator");
            holder.start();
            try {
                Thread.sleep(1000); // the other migrator holds the lock for its five-second migration
                assertThat(start(database, "--confiture.locations=classpath:db/slow", "--confiture.lock-wait=1s"))
                        .isNotNull();
                assertThat(output).contains("APPLICATION FAILED TO START", "(LOCK_WAIT_TIMEOUT)", "Action:",
                        "confiture.lock-wait");
            }
            finally {
                holder.join();
            }
        }
    }

    @Test
    void aMissingApprovalIsTheReportSayingHowToApprove(CapturedOutput output) {
        try (TestDatabase database = SharedPostgres.createDatabase("failure_approval")) {
            assertThat(start(database, "--confiture.locations=classpath:db/approval", "--confiture.environment=production"))
                    .isNotNull();
            assertThat(output).contains("APPLICATION FAILED TO START", "(APPROVAL_REQUIRED)", "001_drop_legacy",
                    "Action:");
        }
    }

    private static Throwable start(TestDatabase database, String... arguments) {
        SpringApplication application = new SpringApplication(TestApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--spring.datasource.url="
                + database.jdbcUrl(), "--spring.datasource.username=" + database.user()), java.util.Arrays.stream(arguments))
                .toArray(String[]::new);
        return catchThrowable(() -> application.run(all));
    }
}
