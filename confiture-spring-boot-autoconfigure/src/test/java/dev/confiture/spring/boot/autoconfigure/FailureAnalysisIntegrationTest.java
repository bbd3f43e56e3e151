package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
 * A migration that fails ends the start with Boot's "APPLICATION FAILED TO START" report naming the file, the line,
 * the SQLSTATE and the fix, however deep under other beans' errors the cause is.
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
}
