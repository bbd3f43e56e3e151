package dev.confiture.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the built-database test classes with the JUnit launcher: each class gets its own database, both are
 * built, and both are dropped when their class is done.
 */
class SeparateDatabasesTest {

    private static TestExecutionSummary run(Class<?>... classes) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> type : classes) {
            request.selectors(selectClass(type));
        }
        LauncherDiscoveryRequest discovery = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(discovery, listener);
        return listener.getSummary();
    }

    @Test
    void twoTestClassesGetTwoDifferentBuiltDatabasesThatAreDroppedAfterwards() throws SQLException {
        Seen.DATABASES.clear();

        TestExecutionSummary summary = run(CustomerBuiltDatabaseTest.class, OrderBuiltDatabaseTest.class);

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(4);
        String customer = Seen.DATABASES.get(CustomerBuiltDatabaseTest.class);
        String order = Seen.DATABASES.get(OrderBuiltDatabaseTest.class);
        assertThat(customer).isNotNull().isNotEqualTo(order);
        assertThat(order).isNotNull();
        assertThat(exists(customer)).as("dropped after its class").isFalse();
        assertThat(exists(order)).as("dropped after its class").isFalse();
    }

    @Test
    void aSchemaThatDoesNotBuildFailsTheClassNamingFileAndLine() {
        TestExecutionSummary summary = run(BrokenSchemaClass.class);

        assertThat(summary.getTestsSucceededCount()).isZero();
        assertThat(summary.getFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.getException()).isInstanceOfSatisfying(ConfitureException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SCHEMA_BUILD_FAILED));
            assertThat(failure.getException().getMessage()).contains("1_tables.sql, line 3", "nowhere");
        });
    }

    private static boolean exists(String name) throws SQLException {
        try (TestDatabase probe = SharedPostgres.createDatabase("probe"); Connection connection = probe.connect();
                PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }
}
