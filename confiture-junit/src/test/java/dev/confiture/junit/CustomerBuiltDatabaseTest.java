package dev.confiture.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.Confiture;
import dev.confiture.schema.BuildResult;
import dev.confiture.schema.drift.DriftSource;
import dev.confiture.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A test class with a database built from classpath:db/schema and baselined with classpath:db/migration.
 */
@BuiltDatabase(schema = "classpath:db/schema", migrations = "classpath:db/migration")
class CustomerBuiltDatabaseTest {

    private static String databaseName = "";

    @BeforeAll
    static void remember(TestDatabase database) {
        databaseName = database.name();
        Seen.DATABASES.put(CustomerBuiltDatabaseTest.class, database.name());
    }

    @Test
    void theSchemaIsBuiltAndEveryMigrationIsBaselined(TestDatabase database, BuildResult build, Confiture confiture)
            throws SQLException {
        assertThat(database.name()).isEqualTo(databaseName);
        assertThat(build.baselined()).containsExactly("001_customer", "002_order");
        assertThat(build.files()).hasSize(3);
        assertThat(query(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("2");
        assertThat(query(database, "SELECT to_regclass('v_order') IS NOT NULL")).isEqualTo("t");
        assertThat(confiture.status().summary().upToDate()).isTrue();
        assertThat(confiture.drift(DriftSource.MIGRATIONS).hasDrift()).isFalse();
    }

    @Test
    void everyTestOfTheClassGetsTheSameDatabase(TestDatabase database) throws SQLException {
        assertThat(database.name()).isEqualTo(databaseName);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO tb_customer (email) VALUES ('a@example.com') ON CONFLICT DO NOTHING");
        }
    }

    @Nested
    class Inner {

        @Test
        void nestedClassesShareTheDatabase(TestDatabase database) {
            assertThat(database.name()).isEqualTo(databaseName);
        }
    }

    static String query(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
