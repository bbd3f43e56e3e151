package dev.confiture.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SharedPostgresTest {

    @Test
    void givesEachTestAFreshDatabaseOnOneServer(TestDatabase first) throws SQLException {
        try (TestDatabase second = SharedPostgres.createDatabase("second")) {
            assertThat(second.name()).isNotEqualTo(first.name());
            assertThat(scalar(first, "SELECT current_database()")).isEqualTo(first.name());
            assertThat(scalar(second, "SELECT current_database()")).isEqualTo(second.name());
            assertThat(scalar(first, "SELECT current_setting('port')"))
                    .isEqualTo(scalar(second, "SELECT current_setting('port')"));
            assertThat(scalar(first, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo("0");
        }
    }

    @Test
    void dropsTheDatabaseOnClose() throws SQLException {
        TestDatabase database = SharedPostgres.createDatabase("dropped");
        database.close();
        assertThatThrownBy(database::connect).isInstanceOf(SQLException.class).hasMessageContaining("does not exist");
    }

    @Test
    void databaseNamesAreValidIdentifiersEvenForLongLabels() {
        String name = SharedPostgres.databaseName("A Very Long Test Class Name With Spaces And Symbols #!? "
                + "that goes on and on past the identifier limit");
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("confiture_[a-z0-9_]+");
    }

    @Test
    void externalServerUrlKeepsItsParametersForEveryDatabase() {
        ExternalPostgresServer server = new ExternalPostgresServer(
                "jdbc:postgresql://db.example:5433/postgres?user=u&password=p", "", "");
        assertThat(server.jdbcUrl("other")).isEqualTo("jdbc:postgresql://db.example:5433/other?user=u&password=p");
    }

    @Test
    void externalServerUrlThatIsNotPostgresIsRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> new ExternalPostgresServer("jdbc:mysql://h/db?password=secret", "", ""))
                .hasMessageContaining("CONFITURE_TEST_JDBC_URL")
                .hasMessageNotContaining("secret");
    }

    private static String scalar(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
