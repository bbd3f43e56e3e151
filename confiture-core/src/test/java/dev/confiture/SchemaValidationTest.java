package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.schema.SchemaValidation;
import dev.confiture.schema.SchemaValidation.CheckedIn;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * validateSchema: the schema files must apply; checked in a rolled-back transaction or a scratch database.
 */
@ExtendWith(PostgresExtension.class)
class SchemaValidationTest {

    @TempDir
    Path directory;

    private Confiture confiture(TestDatabase database, MigrationDirectory schema) {
        return SchemaTrees.confiture(database, schema, new MigrationDirectory(directory.resolve("migration")));
    }

    private static String scratchDatabases(TestDatabase database) {
        return Sql.scalar(database, "SELECT count(*) FROM pg_database WHERE datname LIKE 'confiture\\_scratch\\_%'");
    }

    @Test
    void onAnEmptyDatabaseTheFilesRunInARolledBackTransaction(TestDatabase database) {
        MigrationDirectory schema = SchemaTrees.trinitySchema(directory.resolve("schema"), 10);

        SchemaValidation validation = confiture(database, schema).validateSchema();

        assertThat(validation.valid()).isTrue();
        assertThat(validation.applies()).isTrue();
        assertThat(validation.checkedIn()).isEqualTo(CheckedIn.TRANSACTION);
        assertThat(validation.files()).isEqualTo(12);
        assertThat(validation.statements()).isEqualTo(1 + 10 + 9 + 2);
        assertThat(validation.error()).isNull();
        assertThat(validation.lint()).isNotNull();
        assertThat(validation.lint().findings()).isEmpty();
        assertThat(Sql.tableExists(database, "tb_entity_1")).isFalse();
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto'")).isEqualTo("0");
    }

    @Test
    void onADatabaseWithTablesTheFilesRunInAScratchDatabaseThatIsDropped(TestDatabase database) {
        Sql.execute(database, "CREATE TABLE tb_entity_1 (x int)");
        MigrationDirectory schema = SchemaTrees.trinitySchema(directory.resolve("schema"), 3);
        String before = scratchDatabases(database);

        SchemaValidation validation = confiture(database, schema).validateSchema();

        assertThat(validation.valid()).isTrue();
        assertThat(validation.checkedIn()).isEqualTo(CheckedIn.SCRATCH_DATABASE);
        assertThat(scratchDatabases(database)).isEqualTo(before);
        assertThat(Sql.column(database, "SELECT column_name FROM information_schema.columns WHERE table_name = 'tb_entity_1'"))
                .containsExactly("x");
    }

    @Test
    void theFirstErrorIsReportedWithFileAndLine(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("1_a.sql", "CREATE TABLE a (x int);\n")
                .write("2_b.sql", "CREATE TABLE b (x int);\n\nCREATE VIEW v_b AS SELECT y FROM b;\n")
                .write("3_c.sql", "CREATE TABLE c (x nosuchtype);\n");

        SchemaValidation validation = confiture(database, schema).validateSchema();

        assertThat(validation.valid()).isFalse();
        assertThat(validation.applies()).isFalse();
        assertThat(validation.statements()).isEqualTo(2);
        assertThat(validation.lint()).isNull();
        assertThat(validation.error()).isNotNull();
        assertThat(validation.error().code()).isEqualTo(ErrorCode.SCHEMA_BUILD_FAILED);
        assertThat(validation.error().file()).endsWith("2_b.sql");
        assertThat(validation.error().line()).isEqualTo(3);
        assertThat(validation.error().column()).isEqualTo(27);
        assertThat(validation.error().sqlState()).isEqualTo("42703");
        assertThat(validation.error().message()).contains("column \"y\" does not exist");
        assertThat(Sql.tableExists(database, "a")).isFalse();
    }

    @Test
    void aFileThatCannotBeSplitIsReportedWithoutRunningAnything(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("1_a.sql", "CREATE TABLE a (x int);\n")
                .write("2_b.sql", "CREATE TABLE b (x text DEFAULT 'unterminated);\n");

        SchemaValidation validation = confiture(database, schema).validateSchema();

        assertThat(validation.checkedIn()).isEqualTo(CheckedIn.NOT_APPLIED);
        assertThat(validation.error().code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
        assertThat(validation.error().file()).endsWith("2_b.sql");
        assertThat(validation.error().line()).isEqualTo(1);
    }

    @Test
    void lintErrorsMakeTheSchemaInvalidThoughItApplies(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("1_a.sql", "CREATE TABLE tb_a (x int);\n");

        SchemaValidation validation = confiture(database, schema).validateSchema();

        assertThat(validation.applies()).isTrue();
        assertThat(validation.valid()).isFalse();
        assertThat(validation.lint().findings()).hasSize(2);
    }

    @Test
    void theResultSerializesToSnakeCaseJson(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("1_a.sql", "CREATE TABLE a (x int);\nCREATE TABLE a (x int);\n");

        JsonNode json = JsonMapper.builder().build().valueToTree(confiture(database, schema).validateSchema());

        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("applies").asBoolean()).isFalse();
        assertThat(json.get("checked_in").asString()).isEqualTo("transaction");
        assertThat(json.get("error").get("code").asString()).isEqualTo("SCHEMA_BUILD_FAILED");
        assertThat(json.get("error").get("line").asInt()).isEqualTo(2);
        assertThat(json.get("error").get("sql_state").asString()).isEqualTo("42P07");
        assertThat(json.get("lint").isNull()).isTrue();
    }

    @Test
    void aPoolWithBeanGettersIsReadForTheScratchDatabase(TestDatabase database) {
        Sql.execute(database, "CREATE TABLE existing (x int)");
        PoolLikeDataSource pool = new PoolLikeDataSource(database.jdbcUrl(), database.user(), database.password());
        Confiture confiture = new Confiture(ConfitureConfiguration.builder().dataSource(pool)
                .schemaLocations(SchemaTrees.trinitySchema(directory.resolve("schema"), 2).location()).build());

        SchemaValidation validation = confiture.validateSchema();

        assertThat(validation.checkedIn()).isEqualTo(CheckedIn.SCRATCH_DATABASE);
        assertThat(validation.valid()).isTrue();
    }

    /** Like HikariCP or DBCP: not a PostgreSQL driver DataSource, with getters for URL and credentials. */
    public static final class PoolLikeDataSource implements DataSource {

        private final String url;

        private final String username;

        private final String password;

        PoolLikeDataSource(String url, String username, String password) {
            this.url = url;
            this.username = username;
            this.password = password;
        }

        public String getJdbcUrl() {
            return url;
        }

        public String getUsername() {
            return username;
        }

        public String getPassword() {
            return password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Properties properties = new Properties();
            if (!username.isEmpty()) {
                properties.setProperty("user", username);
            }
            if (!password.isEmpty()) {
                properties.setProperty("password", password);
            }
            return DriverManager.getConnection(url, properties);
        }

        @Override
        public Connection getConnection(String user, String pass) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
