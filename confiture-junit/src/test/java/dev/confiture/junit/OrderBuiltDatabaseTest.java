package dev.confiture.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A second test class with the default locations (classpath:db/schema, classpath:db/migration).
 */
@BuiltDatabase
class OrderBuiltDatabaseTest {

    private final TestDatabase database;

    OrderBuiltDatabaseTest(TestDatabase database) {
        this.database = database;
        Seen.DATABASES.put(OrderBuiltDatabaseTest.class, database.name());
    }

    @Test
    void theSchemaIsBuilt() throws SQLException {
        assertThat(CustomerBuiltDatabaseTest.query(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                + "AND tablename LIKE 'tb\\_%' AND tablename NOT LIKE 'tb\\_confiture%'")).isEqualTo("2");
        assertThat(CustomerBuiltDatabaseTest.query(database, "SELECT string_agg(version, ',' ORDER BY version) FROM tb_confiture"))
                .isEqualTo("001,002");
    }
}
