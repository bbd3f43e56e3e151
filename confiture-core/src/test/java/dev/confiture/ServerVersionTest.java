package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The build runs core's integration tests on several PostgreSQL majors by swapping the binaries on the test class
 * path; this proves each run used the major it claims (a swap that silently fell back would pass everything on
 * the default major).
 */
@ExtendWith(PostgresExtension.class)
class ServerVersionTest {

    @Test
    void theTestsRunOnTheExpectedPostgresMajor(TestDatabase database) {
        String expected = System.getProperty("confiture.expected.postgres.version");
        assertThat(expected).as("set by the build for every test execution of core").isNotBlank();
        String expectedMajor = expected.substring(0, expected.indexOf('.'));

        assertThat(Sql.scalar(database, "SELECT current_setting('server_version_num')::int / 10000"))
                .as("server of this run (expected binaries %s)", expected).isEqualTo(expectedMajor);
    }
}
