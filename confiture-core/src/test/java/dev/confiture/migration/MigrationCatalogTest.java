package dev.confiture.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.api.SourceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationCatalogTest {

    private static final String LOCATION = "classpath:db/migration/";

    /** A file in memory. */
    private record FakeResource(String path, String description, byte[] bytes) implements MigrationResource {

        @Override
        public byte[] read() {
            return bytes.clone();
        }
    }

    /** A file that cannot be read. */
    private record UnreadableResource(String path, String description, RuntimeException unchecked)
            implements MigrationResource {

        @Override
        public byte[] read() throws IOException {
            if (unchecked.getMessage() == null) {
                throw new IOException("Permission denied");
            }
            throw unchecked;
        }
    }

    private static MigrationResource file(String path, byte[] bytes) {
        return new FakeResource(path, LOCATION + path, bytes);
    }

    private static MigrationResource file(String path, String text) {
        return file(path, text.getBytes(StandardCharsets.UTF_8));
    }

    private static DiscoveredMigrations resolve(MigrationResource... resources) {
        return MigrationCatalog.resolve(List.of(resources), List.of());
    }

    private static Problem onlyProblem(DiscoveredMigrations discovered) {
        assertThat(discovered.problems()).hasSize(1);
        return discovered.problems().get(0);
    }

    /** A Java migration for tests. */
    static class JavaMigration implements Migration {

        private final String version;

        private final String name;

        JavaMigration(String version, String name) {
            this.version = version;
            this.name = name;
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void up(Connection connection) {
        }
    }

    /** A reversible Java migration with metadata and a checksum. */
    static final class ReversibleJavaMigration extends JavaMigration {

        ReversibleJavaMigration() {
            super("005", "backfill_totals");
        }

        @Override
        public boolean reversible() {
            return true;
        }

        @Override
        public void down(Connection connection) {
        }

        @Override
        public MigrationMetadata metadata() {
            return new MigrationMetadata(Risk.HIGH, null, null, true, false, null, null);
        }

        @Override
        public String checksum() {
            return "v1";
        }
    }

    @Test
    void resolvesUpAndDownFilesIntoMigrations() {
        DiscoveredMigrations discovered = resolve(file("001_init.up.sql", "-- confiture: risk=low\nCREATE TABLE t ();"),
                file("001_init.down.sql", "DROP TABLE t;"), file("002_orders.up.sql", "CREATE TABLE orders ();"));

        assertThat(discovered.hasProblems()).isFalse();
        assertThat(discovered.migrations()).hasSize(2);
        ResolvedMigration init = discovered.migrations().get(0);
        assertThat(init.version()).isEqualTo(MigrationVersion.parse("1"));
        assertThat(init.version().text()).isEqualTo("001");
        assertThat(init.name()).isEqualTo("init");
        assertThat(init.slug()).isEqualTo("001_init");
        assertThat(init.id()).isEqualTo(MigrationIds.idOf("001_init"));
        assertThat(init.type()).isEqualTo(MigrationType.SQL);
        assertThat(init.checksum())
            .isEqualTo(Checksums.sha256Hex("-- confiture: risk=low\nCREATE TABLE t ();".getBytes(StandardCharsets.UTF_8)));
        assertThat(init.metadata().risk()).isEqualTo(Risk.LOW);
        assertThat(init.source()).isEqualTo("classpath:db/migration/001_init.up.sql");
        assertThat(init.up().text()).isEqualTo("-- confiture: risk=low\nCREATE TABLE t ();");
        assertThat(init.up().description()).isEqualTo("classpath:db/migration/001_init.up.sql");
        assertThat(init.down().text()).isEqualTo("DROP TABLE t;");
        assertThat(init.down().description()).isEqualTo("classpath:db/migration/001_init.down.sql");
        assertThat(init.java()).isNull();
        assertThat(init.reversible()).isTrue();

        ResolvedMigration orders = discovered.migrations().get(1);
        assertThat(orders.slug()).isEqualTo("002_orders");
        assertThat(orders.metadata()).isEqualTo(MigrationMetadata.NONE);
        assertThat(orders.down()).isNull();
        assertThat(orders.reversible()).isFalse();
    }

    @Test
    void sortsNumericallyAcrossVersionLengths() {
        List<MigrationResource> resources = new ArrayList<>(List.of(file("20260420120000000001_twenty.up.sql", ""),
                file("2024/20240101120000_fourteen.up.sql", ""), file("002_three.up.sql", ""),
                file("1000000000000000000_nineteen.up.sql", ""), file("10_ten.up.sql", ""), file("9_nine.up.sql", "")));
        Collections.shuffle(resources, new Random(42));

        DiscoveredMigrations discovered = MigrationCatalog.resolve(resources, List.of());

        assertThat(discovered.problems()).isEmpty();
        assertThat(discovered.migrations()).extracting(ResolvedMigration::slug).containsExactly("002_three", "9_nine",
                "10_ten", "20240101120000_fourteen", "1000000000000000000_nineteen", "20260420120000000001_twenty");
    }

    @Test
    void filesNotEndingInSqlAreIgnoredSilently() {
        DiscoveredMigrations discovered = resolve(file("README.md", "# hi"), file(".gitkeep", ""),
                file("001_init.up.sql.bak", ""), file("notes/V1__init.txt", ""), file("001_init.up.sql", ""));
        assertThat(discovered.problems()).isEmpty();
        assertThat(discovered.migrations()).extracting(ResolvedMigration::slug).containsExactly("001_init");
    }

    @Test
    void versionComesFromTheFileNameNotTheDirectories() {
        DiscoveredMigrations discovered = resolve(file("2024/01/001_init.up.sql", ""),
                file("2024/01/001_init.down.sql", ""), file("v2/002_more.up.sql", ""));
        assertThat(discovered.problems()).isEmpty();
        assertThat(discovered.migrations()).extracting(ResolvedMigration::slug).containsExactly("001_init", "002_more");
        assertThat(discovered.migrations().get(0).down()).isNotNull();
    }

    @Test
    void nameMayHoldUnderscoresAndDashesAndVersionEndsAtTheFirstUnderscore() {
        DiscoveredMigrations discovered = resolve(file("001_add_orders-table_2.up.sql", ""), file("2__x.up.sql", ""));
        assertThat(discovered.problems()).isEmpty();
        assertThat(discovered.migrations()).extracting(ResolvedMigration::name)
            .containsExactly("add_orders-table_2", "_x");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "V1__init.sql | 1 | it looks like a Flyway migration | rename to 1_init.up.sql",
            "V2__Add users.sql | 2 | it looks like a Flyway migration | rename to 2_Add_users.up.sql",
            "U1__init.sql | 1 | it looks like a Flyway migration | rename to 1_init.down.sql",
            "V1__init.up.sql | 1 | it looks like a Flyway migration | rename to 1_init.up.sql",
            "V1.1__init.sql | null | it looks like a Flyway migration with version '1.1', and Confiture versions are digits only | rename to a numeric version, e.g. 11_init.up.sql",
            "r__views.sql | null | it looks like a repeatable migration, which is named R__{name}.sql with an upper-case R and a lower-case .sql | rename to R__views.sql",
            "R__refresh views.sql | null | it looks like a repeatable migration, which is named R__{name}.sql, and its name 'refresh views' contains a space (names use only letters A-Z and a-z, digits, '_' and '-') | rename to R__refresh_views.sql",
            "001_init.sql | 001 | it does not end in .up.sql or .down.sql | rename to 001_init.up.sql (or 001_init.down.sql if it reverts migration 001_init)",
            "001_add users.up.sql | 001 | its name 'add users' contains a space (names use only letters A-Z and a-z, digits, '_' and '-') | rename to 001_add_users.up.sql",
            "001_v1.2.up.sql | 001 | its name 'v1.2' contains a dot (names use only letters A-Z and a-z, digits, '_' and '-') | rename to 001_v1_2.up.sql",
            "003_add users.v2.down.sql | 003 | its name 'add users.v2' contains a space and a dot (names use only letters A-Z and a-z, digits, '_' and '-') | rename to 003_add_users_v2.down.sql",
            "001_café.up.sql | 001 | its name 'café' contains 'é' (names use only letters A-Z and a-z, digits, '_' and '-') | rename to 001_caf.up.sql",
            "init.up.sql | null | it has no version | start the file name with a numeric version and '_', e.g. rename to 001_init.up.sql",
            "schema.sql | null | it has no version | start the file name with a numeric version and '_', e.g. rename to 001_schema.up.sql",
            "001.up.sql | 001 | it has no name after the version | add a name, e.g. rename to 001_init.up.sql",
            "001_.down.sql | 001 | it has no name after the version | add a name, e.g. rename to 001_init.down.sql",
            "001init.up.sql | 001 | it has no '_' between the version '001' and the name | rename to 001_init.up.sql",
            "001-init.up.sql | 001 | it has no '_' between the version '001' and the name | rename to 001_init.up.sql",
            "2024-01-01_x.up.sql | null | its version '2024-01-01' is not digits only | rename to 20240101_x.up.sql",
            "001_init.UP.SQL | 001 | its extension '.UP.SQL' is not lower-case | rename to 001_init.up.sql",
            "001_init.down.Sql | 001 | its extension '.down.Sql' is not lower-case | rename to 001_init.down.sql" })
    void invalidNamesAreProblemsWithASpecificHint(String fileName, String version, String detail, String hint) {
        DiscoveredMigrations discovered = resolve(file("sub/" + fileName, "SELECT 1;"));

        assertThat(discovered.migrations()).isEmpty();
        assertThat(onlyProblem(discovered)).isEqualTo(new Problem(ErrorCode.INVALID_MIGRATION_NAME, version,
                "Migration file classpath:db/migration/sub/" + fileName + " does not follow the naming rule "
                        + "{version}_{name}.up.sql or {version}_{name}.down.sql: " + detail,
                hint, null));
    }

    @Test
    void anInvalidFileDoesNotHideTheOthers() {
        DiscoveredMigrations discovered = resolve(file("V1__init.sql", ""), file("002_ok.up.sql", ""));
        assertThat(discovered.migrations()).extracting(ResolvedMigration::slug).containsExactly("002_ok");
        assertThat(discovered.problems()).extracting(Problem::code).containsExactly(ErrorCode.INVALID_MIGRATION_NAME);
    }

    @Test
    void versionAndNameMustFitTheTrackingTable() {
        String longVersion = "1".repeat(256);
        String longName = "n".repeat(256);
        DiscoveredMigrations discovered = resolve(file(longVersion + "_x.up.sql", ""),
                file("002_" + longName + ".up.sql", ""), file("1".repeat(255) + "_" + "n".repeat(255) + ".up.sql", ""));

        assertThat(discovered.migrations()).extracting(migration -> migration.version().text().length())
            .containsExactly(255);
        assertThat(discovered.problems()).extracting(Problem::code, Problem::version, Problem::message)
            .containsExactlyInAnyOrder(
                    tuple(ErrorCode.INVALID_MIGRATION_NAME, "002",
                            "Migration file " + LOCATION + "002_" + longName + ".up.sql has a name of 256 characters: "
                                    + "at most 255 fit in tb_confiture.name"),
                    tuple(ErrorCode.INVALID_MIGRATION_NAME, longVersion,
                            "Migration file " + LOCATION + longVersion + "_x.up.sql has a version of 256 digits: "
                                    + "at most 255 fit in tb_confiture.version"));
    }

    @Test
    void sameNumericVersionIsADuplicateAndNeitherIsKept() {
        DiscoveredMigrations discovered = resolve(file("1_a.up.sql", ""), file("001_b.up.sql", ""),
                file("002_c.up.sql", ""));

        assertThat(discovered.migrations()).extracting(ResolvedMigration::slug).containsExactly("002_c");
        assertThat(onlyProblem(discovered)).isEqualTo(new Problem(ErrorCode.DUPLICATE_VERSION, "001",
                "Migrations classpath:db/migration/001_b.up.sql and classpath:db/migration/1_a.up.sql have the same "
                        + "version 001 (001 and 1 are equal as numbers)",
                "give each its own version: versions compare as numbers, so leading zeros do not make them different",
                null));
    }

    @Test
    void sameFileNameInTwoDirectoriesIsADuplicate() {
        DiscoveredMigrations discovered = resolve(file("2024/001_init.up.sql", ""), file("2025/001_init.up.sql", ""));

        assertThat(discovered.migrations()).isEmpty();
        Problem problem = onlyProblem(discovered);
        assertThat(problem.code()).isEqualTo(ErrorCode.DUPLICATE_VERSION);
        assertThat(problem.version()).isEqualTo("001");
        assertThat(problem.message()).isEqualTo("Migrations classpath:db/migration/2024/001_init.up.sql and "
                + "classpath:db/migration/2025/001_init.up.sql have the same version 001");
        assertThat(problem.hint()).isEqualTo("keep one of them, or give the others versions of their own (the same "
                + "file name in two locations or directories counts twice)");
    }

    @Test
    void sameFileInTwoLocationsIsADuplicate() {
        DiscoveredMigrations discovered = resolve(new FakeResource("001_init.up.sql", "/srv/a/001_init.up.sql",
                new byte[0]), new FakeResource("001_init.up.sql", "/srv/b/001_init.up.sql", new byte[0]));
        assertThat(onlyProblem(discovered).message())
            .isEqualTo("Migrations /srv/a/001_init.up.sql and /srv/b/001_init.up.sql have the same version 001");
    }

    @Test
    void threeWayDuplicateNamesEverySource() {
        DiscoveredMigrations discovered = MigrationCatalog.resolve(
                List.of(file("1_a.up.sql", ""), file("01_b.up.sql", "")), List.of(new JavaMigration("001", "c")));
        assertThat(onlyProblem(discovered).message()).isEqualTo("Migrations classpath:db/migration/01_b.up.sql, "
                + "classpath:db/migration/1_a.up.sql and " + JavaMigration.class.getName()
                + " have the same version 01 (01 and 1 and 001 are equal as numbers)");
    }

    @Test
    void javaMigrationClashingWithAFileIsADuplicate() {
        DiscoveredMigrations discovered = MigrationCatalog.resolve(List.of(file("005_x.up.sql", ""),
                file("005_x.down.sql", "")), List.of(new ReversibleJavaMigration()));

        assertThat(discovered.migrations()).isEmpty();
        Problem problem = onlyProblem(discovered);
        assertThat(problem.code()).isEqualTo(ErrorCode.DUPLICATE_VERSION);
        assertThat(problem.message()).isEqualTo("Migrations classpath:db/migration/005_x.up.sql and "
                + ReversibleJavaMigration.class.getName() + " have the same version 005");
    }

    @Test
    void downWithoutAnyUp() {
        DiscoveredMigrations discovered = resolve(file("003_drop.down.sql", "SELECT 1;"));

        assertThat(discovered.migrations()).isEmpty();
        assertThat(onlyProblem(discovered)).isEqualTo(new Problem(ErrorCode.DOWN_WITHOUT_UP, "003",
                "Down migration classpath:db/migration/003_drop.down.sql has no up migration 003_drop.up.sql",
                "add 003_drop.up.sql, or delete this file if it is left over", null));
    }

    @Test
    void downWithAnotherNameThanItsUp() {
        DiscoveredMigrations discovered = resolve(file("003_add_orders.up.sql", ""), file("003_add_order.down.sql", ""));

        assertThat(discovered.migrations()).singleElement().satisfies(migration -> {
            assertThat(migration.slug()).isEqualTo("003_add_orders");
            assertThat(migration.down()).isNull();
        });
        assertThat(onlyProblem(discovered)).isEqualTo(new Problem(ErrorCode.DOWN_WITHOUT_UP, "003",
                "Down migration classpath:db/migration/003_add_order.down.sql does not match the up migration of "
                        + "version 003, classpath:db/migration/003_add_orders.up.sql",
                "rename it to 003_add_orders.down.sql", null));
    }

    @Test
    void downWithAnotherVersionTextThanItsUp() {
        DiscoveredMigrations discovered = resolve(file("1_init.up.sql", ""), file("001_init.down.sql", ""));
        Problem problem = onlyProblem(discovered);
        assertThat(problem.code()).isEqualTo(ErrorCode.DOWN_WITHOUT_UP);
        assertThat(problem.version()).isEqualTo("001");
        assertThat(problem.hint()).isEqualTo("rename it to 1_init.down.sql");
        assertThat(discovered.migrations()).extracting(ResolvedMigration::slug).containsExactly("1_init");
    }

    @Test
    void downFileForAJavaMigration() {
        DiscoveredMigrations discovered = MigrationCatalog.resolve(List.of(file("005_backfill_totals.down.sql", "")),
                List.of(new ReversibleJavaMigration()));

        assertThat(discovered.migrations()).extracting(ResolvedMigration::type).containsExactly(MigrationType.JAVA);
        Problem problem = onlyProblem(discovered);
        assertThat(problem.code()).isEqualTo(ErrorCode.DOWN_WITHOUT_UP);
        assertThat(problem.message()).isEqualTo("Down migration classpath:db/migration/005_backfill_totals.down.sql "
                + "has no up migration file: version 005 is the Java migration "
                + ReversibleJavaMigration.class.getName());
        assertThat(problem.hint()).startsWith("revert it in " + ReversibleJavaMigration.class.getName() + ".down(");
    }

    @Test
    void twoDownFilesForOneUpAreADuplicateAndTheUpStaysWithoutDown() {
        DiscoveredMigrations discovered = resolve(file("001_init.up.sql", ""), file("a/001_init.down.sql", ""),
                file("b/001_init.down.sql", ""));

        assertThat(discovered.migrations()).singleElement().satisfies(migration -> {
            assertThat(migration.down()).isNull();
            assertThat(migration.reversible()).isFalse();
        });
        Problem problem = onlyProblem(discovered);
        assertThat(problem.code()).isEqualTo(ErrorCode.DUPLICATE_VERSION);
        assertThat(problem.message()).isEqualTo("Migrations classpath:db/migration/a/001_init.down.sql and "
                + "classpath:db/migration/b/001_init.down.sql have the same version 001");
    }

    @Test
    void invalidUtf8NamesTheLineAndColumnOfTheFirstBadByte() {
        byte[] bytes = "-- ok\nSELECT 'caf\u00e9', '".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "\u00e9';\nSELECT '\u00e9';".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[bytes.length + latin1.length];
        System.arraycopy(bytes, 0, all, 0, bytes.length);
        System.arraycopy(latin1, 0, all, bytes.length, latin1.length);

        DiscoveredMigrations discovered = resolve(file("004_latin1.up.sql", all));

        assertThat(discovered.migrations()).isEmpty();
        Problem problem = onlyProblem(discovered);
        assertThat(problem.code()).isEqualTo(ErrorCode.INVALID_ENCODING);
        assertThat(problem.version()).isEqualTo("004");
        assertThat(problem.location()).isEqualTo(new SourceLocation(LOCATION + "004_latin1.up.sql", 2, 17));
        assertThat(problem.message()).isEqualTo("Migration file is not valid UTF-8: invalid byte 0xE9 (at "
                + LOCATION + "004_latin1.up.sql, line 2, column 17)");
        assertThat(problem.hint()).isEqualTo("save the file as UTF-8 (Confiture reads migrations as UTF-8 only)");
    }

    @Test
    void invalidUtf8LinesCountCrlfCrAndTheBom() {
        byte[] crlf = bytes(0xEF, 0xBB, 0xBF, 'a', '\r', '\n', 'b', '\r', 'c', '\n', 'x', 0xC3, 0x28);
        Problem problem = onlyProblem(resolve(file("001_x.up.sql", crlf)));
        assertThat(problem.location()).isEqualTo(new SourceLocation(LOCATION + "001_x.up.sql", 4, 2));
        assertThat(problem.message()).startsWith("Migration file is not valid UTF-8: invalid byte 0xC3");
    }

    @ParameterizedTest
    @ValueSource(strings = { "C0AF", "E282", "EDA080", "F4908080", "FF", "80" })
    void overlongTruncatedSurrogateAndStrayBytesAreRejected(String hex) {
        byte[] bad = HexFormat.of().parseHex(hex);
        byte[] bytes = new byte[bad.length + 2];
        bytes[0] = 'o';
        bytes[1] = 'k';
        System.arraycopy(bad, 0, bytes, 2, bad.length);
        Problem problem = onlyProblem(resolve(file("001_x.up.sql", bytes)));
        assertThat(problem.code()).isEqualTo(ErrorCode.INVALID_ENCODING);
        assertThat(problem.location()).isEqualTo(new SourceLocation(LOCATION + "001_x.up.sql", 1, 3));
    }

    @Test
    void invalidUtf8InADownFileKeepsTheUpWithoutIt() {
        DiscoveredMigrations discovered = resolve(file("001_init.up.sql", "CREATE TABLE t ();"),
                file("001_init.down.sql", bytes('D', 0xFF)));

        assertThat(discovered.migrations()).singleElement().satisfies(migration -> assertThat(migration.down()).isNull());
        Problem problem = onlyProblem(discovered);
        assertThat(problem.code()).isEqualTo(ErrorCode.INVALID_ENCODING);
        assertThat(problem.message()).contains(LOCATION + "001_init.down.sql, line 1, column 2");
    }

    @Test
    void brokenUpLeavesOutItsDownWithoutAnotherProblem() {
        DiscoveredMigrations discovered = resolve(file("001_init.up.sql", bytes(0xFF)),
                file("001_init.down.sql", "DROP TABLE t;"));
        assertThat(discovered.migrations()).isEmpty();
        assertThat(onlyProblem(discovered).code()).isEqualTo(ErrorCode.INVALID_ENCODING);
    }

    @Test
    void brokenFilesStillCountAsDuplicates() {
        DiscoveredMigrations discovered = resolve(file("1_a.up.sql", bytes(0xFF)), file("001_b.up.sql", ""));
        assertThat(discovered.migrations()).isEmpty();
        assertThat(discovered.problems()).extracting(Problem::code)
            .containsExactly(ErrorCode.DUPLICATE_VERSION, ErrorCode.INVALID_ENCODING);
    }

    @Test
    void headerErrorsBecomeProblemsWithTheirLocation() {
        DiscoveredMigrations discovered = resolve(file("007_risky.up.sql", "-- intro\n-- confiture: riks=high\nSELECT 1;"));

        assertThat(discovered.migrations()).isEmpty();
        Problem problem = onlyProblem(discovered);
        assertThat(problem.code()).isEqualTo(ErrorCode.UNKNOWN_METADATA_KEY);
        assertThat(problem.version()).isEqualTo("007");
        assertThat(problem.location()).isEqualTo(new SourceLocation(LOCATION + "007_risky.up.sql", 2, 15));
        assertThat(problem.message()).isEqualTo(
                "unknown header key 'riks' (at " + LOCATION + "007_risky.up.sql, line 2, column 15)");
        assertThat(problem.hint()).startsWith("did you mean 'risk'?");
    }

    @Test
    void headerBelowTheFirstStatementIsAProblem() {
        Problem problem = onlyProblem(resolve(file("007_x.up.sql", "SELECT 1;\n-- confiture: risk=high\n")));
        assertThat(problem.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(problem.message()).contains("headers must be at the top of the file")
            .endsWith("(at " + LOCATION + "007_x.up.sql, line 2, column 1)");
    }

    @Test
    void headersOfADownFileAreCheckedToo() {
        DiscoveredMigrations discovered = resolve(file("001_init.up.sql", ""),
                file("001_init.down.sql", "-- confiture: transactional=maybe\nDROP TABLE t;"));
        assertThat(discovered.migrations()).singleElement().satisfies(migration -> assertThat(migration.down()).isNull());
        assertThat(onlyProblem(discovered).code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
    }

    @Test
    void metadataComesFromTheUpFileOnly() {
        ResolvedMigration migration = resolve(file("001_init.up.sql", "-- confiture: duration=5m\n"),
                file("001_init.down.sql", "-- confiture: risk=high\n")).migrations().get(0);
        assertThat(migration.metadata()).isEqualTo(
                new MigrationMetadata(null, Duration.ofMinutes(5), null, false, null, null, null));
    }

    @Test
    void unreadableFileIsAProblem() {
        DiscoveredMigrations discovered = resolve(
                new UnreadableResource("008_x.up.sql", "/srv/m/008_x.up.sql", new RuntimeException()),
                new UnreadableResource("009_y.up.sql", "/srv/m/009_y.up.sql",
                        new UncheckedIOException(new IOException("disk on fire"))),
                file("010_ok.up.sql", ""));

        assertThat(discovered.migrations()).extracting(ResolvedMigration::slug).containsExactly("010_ok");
        assertThat(discovered.problems()).containsExactly(
                new Problem(ErrorCode.UNREADABLE_MIGRATION, "008",
                        "Migration file /srv/m/008_x.up.sql cannot be read: java.io.IOException: Permission denied",
                        "check that the file exists and is readable by this process", null),
                new Problem(ErrorCode.UNREADABLE_MIGRATION, "009",
                        "Migration file /srv/m/009_y.up.sql cannot be read: java.io.UncheckedIOException: "
                                + "java.io.IOException: disk on fire",
                        "check that the file exists and is readable by this process", null));
    }

    @Test
    void bomIsPartOfTheChecksumButNotOfTheText() {
        byte[] bytes = bytes(0xEF, 0xBB, 0xBF);
        byte[] body = "-- confiture: risk=high\nSELECT 1;\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bytes.length + body.length];
        System.arraycopy(bytes, 0, withBom, 0, 3);
        System.arraycopy(body, 0, withBom, 3, body.length);

        ResolvedMigration migration = resolve(file("001_bom.up.sql", withBom)).migrations().get(0);

        assertThat(migration.checksum()).isEqualTo(Checksums.sha256Hex(withBom))
            .isNotEqualTo(Checksums.sha256Hex(body));
        assertThat(migration.up().text()).isEqualTo("-- confiture: risk=high\nSELECT 1;\n");
        assertThat(migration.up().bytes()).isEqualTo(withBom);
        assertThat(migration.metadata().risk()).isEqualTo(Risk.HIGH);
    }

    @Test
    void onlyALeadingBomIsRemoved() {
        ResolvedMigration migration = resolve(file("001_x.up.sql", "SELECT '\uFEFF';")).migrations().get(0);
        assertThat(migration.up().text()).isEqualTo("SELECT '\uFEFF';");
    }

    @Test
    void emptyAndCommentOnlyFilesAreValid() {
        DiscoveredMigrations discovered = resolve(file("001_empty.up.sql", ""), file("002_bom_only.up.sql",
                bytes(0xEF, 0xBB, 0xBF)), file("003_comments.up.sql", "-- nothing to do\n/* really */\n"));

        assertThat(discovered.problems()).isEmpty();
        assertThat(discovered.migrations()).extracting(migration -> migration.up().text())
            .containsExactly("", "", "-- nothing to do\n/* really */\n");
        assertThat(discovered.migrations().get(0).checksum())
            .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void javaMigrationsAreResolved() {
        ReversibleJavaMigration java = new ReversibleJavaMigration();
        DiscoveredMigrations discovered = MigrationCatalog.resolve(List.of(file("001_init.up.sql", "")),
                List.of(java, new JavaMigration("20240101120000", "plain")));

        assertThat(discovered.problems()).isEmpty();
        assertThat(discovered.migrations()).extracting(ResolvedMigration::slug)
            .containsExactly("001_init", "005_backfill_totals", "20240101120000_plain");
        ResolvedMigration resolved = discovered.migrations().get(1);
        assertThat(resolved.type()).isEqualTo(MigrationType.JAVA);
        assertThat(resolved.version().text()).isEqualTo("005");
        assertThat(resolved.id()).isEqualTo(MigrationIds.idOf("005_backfill_totals"));
        assertThat(resolved.checksum()).isEqualTo("v1");
        assertThat(resolved.metadata().risk()).isEqualTo(Risk.HIGH);
        assertThat(resolved.metadata().approvalRequired()).isTrue();
        assertThat(resolved.source()).isEqualTo(ReversibleJavaMigration.class.getName());
        assertThat(resolved.java()).isSameAs(java);
        assertThat(resolved.up()).isNull();
        assertThat(resolved.down()).isNull();
        assertThat(resolved.reversible()).isTrue();

        ResolvedMigration plain = discovered.migrations().get(2);
        assertThat(plain.checksum()).isNull();
        assertThat(plain.metadata()).isEqualTo(MigrationMetadata.NONE);
        assertThat(plain.reversible()).isFalse();
    }

    @Test
    void javaMigrationWithAnInvalidVersion() {
        DiscoveredMigrations discovered = MigrationCatalog.resolve(List.of(), List.of(new JavaMigration("v2", "x")));
        assertThat(discovered.migrations()).isEmpty();
        assertThat(onlyProblem(discovered)).isEqualTo(new Problem(ErrorCode.INVALID_MIGRATION_NAME, null,
                "Java migration " + JavaMigration.class.getName() + " has an invalid version 'v2': versions are "
                        + "digits only",
                "return a numeric version from version(), e.g. \"002\" or \"20240101120000\"", null));
    }

    @Test
    void javaMigrationWithAnInvalidName() {
        DiscoveredMigrations discovered = MigrationCatalog.resolve(List.of(),
                List.of(new JavaMigration("002", "add users"), new JavaMigration("003", "")));
        assertThat(discovered.migrations()).isEmpty();
        // same source (the class name): ordered by message
        assertThat(discovered.problems()).extracting(Problem::version, Problem::message, Problem::hint)
            .containsExactly(
                    tuple("003", "Java migration " + JavaMigration.class.getName()
                            + " has an invalid name '': it is empty (names use only letters A-Z and a-z, digits, "
                            + "'_' and '-')", "return a valid name from name(), e.g. \"init\""),
                    tuple("002", "Java migration " + JavaMigration.class.getName()
                            + " has an invalid name 'add users': it contains a space (names use only letters A-Z "
                            + "and a-z, digits, '_' and '-')", "return a valid name from name(), e.g. \"add_users\""));
    }

    @Test
    void javaMigrationThatCannotTellItsVersion() {
        Migration broken = new JavaMigration("1", "x") {

            @Override
            public String version() {
                throw new IllegalStateException("not configured");
            }
        };
        Problem problem = onlyProblem(MigrationCatalog.resolve(List.of(), List.of(broken)));
        assertThat(problem.code()).isEqualTo(ErrorCode.INVALID_MIGRATION_NAME);
        assertThat(problem.message()).isEqualTo("Java migration " + broken.getClass().getName()
                + " failed to give its version or name: java.lang.IllegalStateException: not configured");
    }

    @Test
    void javaMigrationWithATooLongVersion() {
        Problem problem = onlyProblem(MigrationCatalog.resolve(List.of(),
                List.of(new JavaMigration("9".repeat(300), "x"))));
        assertThat(problem.message()).endsWith("has a version of 300 digits: at most 255 fit in tb_confiture.version");
    }

    @Test
    void problemsAreOrderedBySourceWhateverTheInputOrder() {
        List<MigrationResource> resources = new ArrayList<>(List.of(file("b/V1__x.sql", ""), file("a/init.up.sql", ""),
                file("c/009_orphan.down.sql", ""), file("d/010_bad.up.sql", bytes(0xFF)), file("1_dup.up.sql", ""),
                file("01_dup.up.sql", ""), file("011_ok.up.sql", "")));
        List<Problem> first = null;
        for (long seed = 0; seed < 5; seed++) {
            Collections.shuffle(resources, new Random(seed));
            DiscoveredMigrations discovered = MigrationCatalog.resolve(resources, List.of());
            assertThat(discovered.migrations()).extracting(ResolvedMigration::slug).containsExactly("011_ok");
            if (first == null) {
                first = discovered.problems();
            }
            assertThat(discovered.problems()).isEqualTo(first);
        }
        assertThat(first).extracting(Problem::code).containsExactly(ErrorCode.DUPLICATE_VERSION,
                ErrorCode.INVALID_MIGRATION_NAME, ErrorCode.INVALID_MIGRATION_NAME, ErrorCode.DOWN_WITHOUT_UP,
                ErrorCode.INVALID_ENCODING);
        assertThat(first.get(1).message()).contains("/a/init.up.sql");
        assertThat(first.get(2).message()).contains("/b/V1__x.sql");
    }

    @Test
    void findLooksUpByNumericVersion() {
        DiscoveredMigrations discovered = resolve(file("001_init.up.sql", ""), file("20_more.up.sql", ""));
        assertThat(discovered.find(MigrationVersion.parse("1")).slug()).isEqualTo("001_init");
        assertThat(discovered.find(MigrationVersion.parse("020")).slug()).isEqualTo("20_more");
        assertThat(discovered.find(MigrationVersion.parse("2"))).isNull();
    }

    @Test
    void nothingGivesNothing() {
        DiscoveredMigrations discovered = MigrationCatalog.resolve(List.of(), List.of());
        assertThat(discovered.migrations()).isEmpty();
        assertThat(discovered.hasProblems()).isFalse();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
