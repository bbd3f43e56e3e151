package dev.confiture.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The key Confiture takes to exclude upstream Confiture is upstream's: its namespace constant and its formula over
 * the database name, computed here by the server as upstream computes it.
 */
@ExtendWith(PostgresExtension.class)
class UpstreamLockKeyTest {

    @Test
    void theKeyIsUpstreamsFormulaOverTheDatabaseName(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT ('x' || left(encode(sha256(convert_to("
                        + "current_database(), 'UTF8')), 'hex'), 8))::bit(32)::int & 2147483647")) {
            result.next();
            assertThat(result.getInt(1)).isEqualTo(UpstreamLock.keyFor(database.name()));
        }
        assertThat(UpstreamLock.NAMESPACE).as("the constant upstream's code uses (its comment calls it the first 32 bits "
                + "of SHA-256(\"tb_confiture\"), which are 0xfe017739)").isEqualTo(1751936052);
    }
}
