package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environment files in upstream Confiture's layout: the keys we read, the keys we ignore, and errors
 * that name file and line.
 */
class EnvironmentFileTest {

    @TempDir
    Path directory;

    @Test
    void anUpstreamFileGivesNameUrlTrackingTableAndLockWaitAndTheRestIsIgnored() throws IOException {
        Path file = write("production.yaml", """
                # upstream files carry many keys
                name: production
                database_url: postgresql://app:${DB_PASSWORD}@${DB_HOST:-localhost}:5432/shop
                include_dirs:
                  - db/schema/00_common
                  - path: db/schema/10_tables
                    recursive: true
                exclude_dirs: []
                build:
                  sort_mode: alphabetical
                migration:
                  strict_mode: true
                  tracking_table: ops.tb_migrations
                  locking:
                    enabled: true
                    timeout_ms: 45000
                  hooks: {before: [check.sql]}
                anonymization:
                  enabled: false
                """);

        EnvironmentFile environment = EnvironmentFile.load(file, Map.of("DB_PASSWORD", "p@ss"));

        assertThat(environment.path()).isEqualTo(file);
        assertThat(environment.name()).isEqualTo("production");
        assertThat(environment.databaseUrl()).isEqualTo(new DatabaseUrl("jdbc:postgresql://localhost:5432/shop", "app", "p@ss"));
        assertThat(environment.schema()).isEqualTo("ops");
        assertThat(environment.table()).isEqualTo("tb_migrations");
        assertThat(environment.lockWait()).isEqualTo(Duration.ofMillis(45000));
        assertThat(environment.includeDirs()).containsExactly("db/schema/00_common", "db/schema/10_tables");
        assertThat(environment.schemaDirsProblem()).isNull();
    }

    @Test
    void schemaDirectoriesThatCannotBeHonouredAreKeptAsAProblemNamingLineAndKey() throws IOException {
        Path file = write("upstream.yaml", """
                database_url: jdbc:postgresql://localhost/dev
                include_dirs:
                  - db/schema/00_common
                  - path: db/schema/10_tables
                    recursive: false
                  - path: db/schema/20_views
                    order: 2
                  - recursive: true
                  - [nested]
                exclude_dirs: [db/schema/90_seed]
                """);

        EnvironmentFile environment = EnvironmentFile.load(file, Map.of());

        assertThat(environment.databaseUrl().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/dev");
        assertThat(environment.includeDirs()).containsExactly("db/schema/00_common", "db/schema/10_tables",
                "db/schema/20_views");
        assertThat(environment.schemaDirsProblem()).contains(file + ", line 5: include_dirs: recursive is not true",
                "line 7: include_dirs: order is not supported", "line 8: include_dirs has an entry without a path",
                "line 9: include_dirs entries must be directories", "line 10: exclude_dirs is not supported",
                "List the directories to read in include_dirs");

        EnvironmentFile scalar = EnvironmentFile.load(write("scalar.yaml", "include_dirs: db/schema\n"), Map.of());
        assertThat(scalar.includeDirs()).isEmpty();
        assertThat(scalar.schemaDirsProblem()).contains("line 1: include_dirs must be a list of directories");
        EnvironmentFile unset = EnvironmentFile.load(write("unset.yaml", "include_dirs: [\"${DDL_DIR}\"]\n"), Map.of());
        assertThat(unset.schemaDirsProblem()).contains("${DDL_DIR}", "not set");
    }

    @Test
    void aTrackingTableWithoutSchemaGivesOnlyTheTable() throws IOException {
        EnvironmentFile environment = EnvironmentFile.load(write("local.yaml", """
                database_url: jdbc:postgresql://localhost/dev
                migration:
                  tracking_table: tb_confiture
                """), Map.of());

        assertThat(environment.schema()).isNull();
        assertThat(environment.table()).isEqualTo("tb_confiture");
        assertThat(environment.name()).isNull();
        assertThat(environment.lockWait()).isNull();
        assertThat(environment.databaseUrl().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/dev");
    }

    @Test
    void emptyFilesAndEmptyValuesGiveNothing() throws IOException {
        assertThat(EnvironmentFile.load(write("empty.yaml", ""), Map.of()))
                .isEqualTo(new EnvironmentFile(directory.resolve("empty.yaml"), null, null, null, null, null));
        EnvironmentFile nulls = EnvironmentFile.load(write("nulls.yaml", "name:\ndatabase_url: ~\nmigration:\n"), Map.of());
        assertThat(nulls.name()).isNull();
        assertThat(nulls.databaseUrl()).isNull();
    }

    @Test
    void invalidYamlNamesFileAndLine() throws IOException {
        Path file = write("broken.yaml", "name: production\ndatabase_url: postgresql://h/db\n  migration: [\n");

        assertThatThrownBy(() -> EnvironmentFile.load(file, Map.of())).isInstanceOf(UsageException.class)
                .hasMessageStartingWith(file + ", line 3, column ").hasMessageContaining("invalid YAML");
    }

    @Test
    void aMissingFileNamesThePath() {
        Path file = directory.resolve("db/environments/staging.yaml");

        assertThatThrownBy(() -> EnvironmentFile.load(file, Map.of())).isInstanceOf(UsageException.class)
                .hasMessage("Environment file " + file + " does not exist");
    }

    @Test
    void valuesOfTheWrongShapeNameKeyAndLine() throws IOException {
        assertThatThrownBy(() -> EnvironmentFile.load(write("a.yaml", "name: x\ndatabase_url:\n  - one\n"), Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessage(directory.resolve("a.yaml") + ", line 3: database_url must be a single value, not a list or a mapping");
        assertThatThrownBy(() -> EnvironmentFile.load(write("b.yaml", "migration: yes\n"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("line 1: migration must be a mapping");
        assertThatThrownBy(() -> EnvironmentFile.load(write("c.yaml", "- just\n- a list\n"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> EnvironmentFile.load(write("d.yaml", "migration:\n  locking:\n    timeout_ms: 30s\n"),
                Map.of())).isInstanceOf(UsageException.class)
                .hasMessage(directory.resolve("d.yaml") + ", line 3: migration.locking.timeout_ms is '30s'; write a whole "
                        + "number of milliseconds");
        assertThatThrownBy(() -> EnvironmentFile.load(write("e.yaml", "migration:\n  tracking_table: a.b.c\n"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("line 2: migration.tracking_table is 'a.b.c'");
        assertThatThrownBy(() -> EnvironmentFile.load(write("f.yaml", "database_url: mysql://h/db\n"), Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(directory.resolve("f.yaml") + ", line 1: database_url: 'mysql://h/db' is not a PostgreSQL URL");
    }

    @Test
    void anUnsetVariableNamesFileLineAndKey() throws IOException {
        Path file = write("prod.yaml", "name: prod\ndatabase_url: postgresql://app:${DB_PASSWORD}@h/db\n");

        assertThatThrownBy(() -> EnvironmentFile.load(file, Map.of())).isInstanceOf(UsageException.class)
                .hasMessageStartingWith(file + ", line 2: database_url uses ${DB_PASSWORD}, which is not set");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }
}
