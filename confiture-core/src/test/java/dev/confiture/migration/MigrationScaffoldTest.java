package dev.confiture.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate new}: the files it writes are migrations as discovery reads them, with their headers; bad names,
 * taken versions and existing files are refused.
 */
class MigrationScaffoldTest {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-30T12:00:05Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    @Test
    void writesAnUpAndADownFileThatDiscoveryReadsWithTheirHeader() throws Exception {
        MigrationScaffold.Written written = MigrationScaffold.write(directory.resolve("db/migrations"), "add_orders", null,
                true, Risk.HIGH, discover(), NOON);

        assertThat(written.slug()).isEqualTo("20261130120005_add_orders");
        assertThat(Files.readString(written.up())).startsWith("-- 20261130120005_add_orders: ")
                .contains("-- confiture: risk=high\n");
        assertThat(written.down()).isNotNull();
        DiscoveredMigrations found = discover(directory.resolve("db/migrations"));
        assertThat(found.problems()).isEmpty();
        assertThat(found.migrations()).singleElement().satisfies(migration -> {
            assertThat(migration.slug()).isEqualTo("20261130120005_add_orders");
            assertThat(migration.reversible()).isTrue();
            assertThat(migration.metadata().risk()).isEqualTo(Risk.HIGH);
        });
    }

    @Test
    void aBadNameATakenVersionAndAnExistingFileAreRefused() throws Exception {
        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> MigrationScaffold.write(directory, "add orders!", null, false, null, discover(), NOON))
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MIGRATION_NAME);
                    assertThat(error.hint()).isEqualTo("Use e.g. add_orders");
                });
        MigrationScaffold.write(directory, "first", "7", false, null, discover(), NOON);
        DiscoveredMigrations known = discover(directory);
        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> MigrationScaffold.write(directory, "second", "007", false, null, known, NOON))
                .satisfies(error -> assertThat(error.getMessage()).contains("Version 007 is taken by 7_first"));
        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> MigrationScaffold.write(directory, "first", "7", false, null, discover(), NOON))
                .satisfies(error -> assertThat(error.getMessage()).contains("7_first.up.sql already exists"));
        assertThat(Files.readString(directory.resolve("7_first.up.sql"))).startsWith("-- 7_first: ");
    }

    private static DiscoveredMigrations discover(Path location) {
        return MigrationCatalog.resolve(new LocationScanner(MigrationScaffoldTest.class.getClassLoader(), true)
                .scan(List.of("filesystem:" + location)), List.of());
    }

    private static DiscoveredMigrations discover() {
        return new DiscoveredMigrations(List.of(), List.of());
    }
}
