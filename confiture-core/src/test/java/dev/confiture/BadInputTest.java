package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, end to end through migrate: each case is refused with its error code, a message that
 * names the file (and the line where a line is at fault), a hint saying what to do, and nothing of
 * the bad migration is applied.
 */
@ExtendWith(PostgresExtension.class)
class BadInputTest {

    private static final String OK = "CREATE TABLE sentinel (x int);";

    @TempDir
    Path directory;

    /**
     * One bad input.
     *
     * @param name what is wrong
     * @param files the migration files (the first pending file of a run is always fine, so "nothing applied"
     * is visible)
     * @param expected the error code
     * @param namedFile a file name the message must contain
     * @param line the line at fault, or {@code null}
     * @param hint text the hint must contain
     */
    record Case(String name, Map<String, byte[]> files, ErrorCode expected, @Nullable String namedFile,
            @Nullable Integer line, String hint) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badFiles() {
        List<Case> cases = new ArrayList<>();
        // names that look like migrations but break the rule
        cases.add(named("Flyway-style name", "V1__init.sql", ErrorCode.INVALID_MIGRATION_NAME, "1_init.up.sql"));
        cases.add(named("missing .up", "001_init.sql", ErrorCode.INVALID_MIGRATION_NAME, "001_init.up.sql"));
        cases.add(named("dash after the version", "001-init.up.sql", ErrorCode.INVALID_MIGRATION_NAME, "rename"));
        cases.add(named("space in the name", "001_in it.up.sql", ErrorCode.INVALID_MIGRATION_NAME, "rename"));
        cases.add(named("dot in the name", "001_init.v2.up.sql", ErrorCode.INVALID_MIGRATION_NAME, "rename"));
        cases.add(named("no version", "init.up.sql", ErrorCode.INVALID_MIGRATION_NAME, "rename"));
        cases.add(named("empty name", "001_.up.sql", ErrorCode.INVALID_MIGRATION_NAME, "rename"));
        cases.add(named("upper-case extension", "001_init.UP.SQL", ErrorCode.INVALID_MIGRATION_NAME, "rename to 001_init.up.sql"));
        cases.add(named("dotted version", "1.1_init.up.sql", ErrorCode.INVALID_MIGRATION_NAME, "rename"));
        cases.add(named("typo in .up", "001_init.upp.sql", ErrorCode.INVALID_MIGRATION_NAME, "rename"));
        cases.add(named("repeatable migration in lower case", "r__refresh_views.sql", ErrorCode.INVALID_MIGRATION_NAME,
                "rename to R__refresh_views.sql"));
        cases.add(named("repeatable migration with a space", "R__refresh views.sql", ErrorCode.INVALID_MIGRATION_NAME,
                "rename to R__refresh_views.sql"));
        cases.add(named("non-ASCII name", "001_créer.up.sql", ErrorCode.INVALID_MIGRATION_NAME, "rename"));
        cases.add(one("down without up", "010_orphan.down.sql", "DROP TABLE x;", ErrorCode.DOWN_WITHOUT_UP, null, "up"));
        // duplicates
        cases.add(new Case("same version written differently", files("000_ok.up.sql", OK, "001_a.up.sql", "SELECT 1;",
                "1_b.up.sql", "SELECT 2;"), ErrorCode.DUPLICATE_VERSION, "1_b.up.sql", null, ""));
        cases.add(new Case("same file in two directories", files("000_ok.up.sql", OK, "a/001_x.up.sql", "SELECT 1;",
                "b/001_x.up.sql", "SELECT 1;"), ErrorCode.DUPLICATE_VERSION, "001_x.up.sql", null, ""));
        // encodings
        cases.add(new Case("non-UTF-8 byte on line 3", filesBytes("000_ok.up.sql", bytes(OK), "001_latin1.up.sql",
                concat(bytes("-- a\n-- b\nSELECT 'caf"), new byte[] { (byte) 0xE9 }, bytes("';\n"))),
                ErrorCode.INVALID_ENCODING, "001_latin1.up.sql", 3, "UTF-8"));
        cases.add(new Case("invalid UTF-8 sequence on line 1", filesBytes("000_ok.up.sql", bytes(OK), "001_bad.up.sql",
                new byte[] { 'S', 'E', 'L', (byte) 0xC3, (byte) 0x28 }), ErrorCode.INVALID_ENCODING, "001_bad.up.sql", 1,
                "UTF-8"));
        cases.add(new Case("NUL character in a string literal", filesBytes("000_ok.up.sql", bytes(OK), "001_nul.up.sql",
                concat(bytes("CREATE TABLE t (x text);\nINSERT INTO t VALUES ('a"), new byte[] { 0 }, bytes("b');\n"))),
                ErrorCode.INVALID_ENCODING, "001_nul.up.sql", 2, "bytea"));
        // headers
        cases.add(one("unknown header key (typo)", "001_h.up.sql", "-- confiture: riks=high\nSELECT 1;",
                ErrorCode.UNKNOWN_METADATA_KEY, 1, "risk"));
        cases.add(one("header value not allowed", "001_h.up.sql", "-- confiture: risk=extreme\nSELECT 1;",
                ErrorCode.INVALID_METADATA_HEADER, 1, "low"));
        cases.add(one("header without =", "001_h.up.sql", "-- confiture: risk\nSELECT 1;",
                ErrorCode.INVALID_METADATA_HEADER, 1, "="));
        cases.add(one("header key twice", "001_h.up.sql", "-- confiture: risk=low\n-- confiture: risk=high\nSELECT 1;",
                ErrorCode.INVALID_METADATA_HEADER, 2, ""));
        cases.add(one("header below the first statement", "001_h.up.sql", "SELECT 1;\n-- confiture: risk=low\n",
                ErrorCode.INVALID_METADATA_HEADER, 2, "move this line"));
        cases.add(one("duration that is not a duration", "001_h.up.sql", "-- confiture: duration=5 minutes\nSELECT 1;",
                ErrorCode.INVALID_METADATA_HEADER, 1, "5m"));
        cases.add(one("transactional that is not a boolean", "001_h.up.sql", "-- confiture: transactional=maybe\nSELECT 1;",
                ErrorCode.INVALID_METADATA_HEADER, 1, "true"));
        cases.add(one("transactional=true with CREATE INDEX CONCURRENTLY", "001_h.up.sql",
                "-- confiture: transactional=true\nCREATE TABLE t (x int);\nCREATE INDEX CONCURRENTLY i ON t (x);",
                ErrorCode.INVALID_METADATA_HEADER, 3, "Remove the header"));
        cases.add(one("negative lock timeout", "001_h.up.sql", "-- confiture: lock-timeout=-5s\nSELECT 1;",
                ErrorCode.INVALID_METADATA_HEADER, 1, ""));
        // scripts the lexer cannot split
        cases.add(one("unterminated dollar quote", "001_s.up.sql",
                "CREATE TABLE t (x int);\nCREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1;\n",
                ErrorCode.SQL_PARSE_ERROR, 2, "$body$"));
        cases.add(one("unterminated string", "001_s.up.sql", "SELECT 1;\n\nINSERT INTO t VALUES ('oops);\n",
                ErrorCode.SQL_PARSE_ERROR, 3, "'"));
        cases.add(one("unterminated block comment", "001_s.up.sql", "SELECT 1;\n/* a /* nested */ comment\nSELECT 2;\n",
                ErrorCode.SQL_PARSE_ERROR, 2, "*/"));
        cases.add(one("unterminated quoted identifier", "001_s.up.sql", "SELECT \"oops FROM t;\n",
                ErrorCode.SQL_PARSE_ERROR, 1, "\""));
        cases.add(one("unterminated escape string", "001_s.up.sql", "SELECT 1;\nSELECT E'it\\'s;\n",
                ErrorCode.SQL_PARSE_ERROR, 2, "'"));
        cases.add(one("psql meta-command", "001_s.up.sql", "SELECT 1;\n\\i other.sql\n", ErrorCode.SQL_PARSE_ERROR, 2,
                ""));
        cases.add(one("COPY FROM STDIN", "001_s.up.sql", "CREATE TABLE t (x int);\nCOPY t FROM STDIN;\n1\n\\.\n",
                ErrorCode.SQL_PARSE_ERROR, 2, "INSERT"));
        cases.add(one("ROLLBACK in a transactional migration", "001_s.up.sql", "CREATE TABLE t (x int);\nROLLBACK;\n",
                ErrorCode.UNSUPPORTED_STATEMENT, 2, "Remove it"));
        // SQL the server rejects
        cases.add(sqlError("syntax error on the first line", "CREAT TABLE t (x int);\nCREATE TABLE u (x int);\n", 1));
        cases.add(sqlError("syntax error on a middle line", "CREATE TABLE t (x int);\nSELEC 1;\nCREATE TABLE u (x int);\n", 2));
        cases.add(sqlError("syntax error on the last line without newline", "CREATE TABLE t (x int);\nSELECT * FROM", 2));
        cases.add(sqlError("unknown table", "CREATE TABLE t (x int);\n\nINSERT INTO no_such_table VALUES (1);", 3));
        cases.add(sqlError("runtime error", "CREATE TABLE t (x int);\nSELECT 1 / 0;", 2));
        cases.add(sqlError("error inside a multi-line statement", "CREATE TABLE t (\n  x int,\n  y no_such_type\n);", 3));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void isRefusedWithFileLineAndFixAndNothingApplied(Case bad, TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory);
        bad.files().forEach(files::writeBytes);

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> assertClear(bad, ex));

        assertThat(Sql.tableExists(database, "sentinel")).as("nothing applied").isFalse();
        assertThat(Sql.tableExists(database, "t")).as("nothing of the bad migration applied").isFalse();
        if (Sql.tableExists(database, "tb_confiture")) {
            assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
        }
    }

    @Test
    void anErrorOnTheLastLineOfAFiftyMegabyteFileNamesThatLine(TestDatabase database) throws Exception {
        StringBuilder big = new StringBuilder(52 * 1024 * 1024);
        String padding = "-- padding to make this file fifty megabytes long, as generated files sometimes are\n";
        int lines = (50 * 1024 * 1024) / padding.length() + 1;
        for (int i = 0; i < lines; i++) {
            big.append(padding);
        }
        big.append("CREATE TABLE t (x int);\nSELECT * FROM;\n");
        new MigrationDirectory(directory).write("001_big.up.sql", big.toString());

        assertThatThrownBy(() -> new MigrationDirectory(directory).confiture(database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
                    assertThat(ex.location().source()).endsWith("001_big.up.sql");
                    assertThat(ex.location().line()).isEqualTo(lines + 2);
                });
        assertThat(Sql.tableExists(database, "t")).isFalse();
        assertThat(Files.size(directory.resolve("001_big.up.sql"))).isGreaterThan(50L * 1024 * 1024);
    }

    @Test
    void aFifoInALocationIsAnErrorNamingIt(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", OK);
        Path fifo = directory.resolve("002_pipe.up.sql");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");

        assertRefused(files, database, ErrorCode.UNREADABLE_MIGRATION, "002_pipe.up.sql", "Move it out");
        assertThat(Sql.tableExists(database, "sentinel")).isFalse();
    }

    @Test
    void hiddenDirectoriesAndFilesAreSkipped(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", OK)
                .write(".git/objects/002_not_a_migration.UP.sql", "garbage")
                .write(".#001_a.up.sql", "an editor's lock file");

        assertThat(files.confiture(database).migrate().applied()).extracting("slug").containsExactly("001_a");
    }

    @Test
    void anEditedAppliedFileStopsTheRunBeforeTheNextMigration(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);");
        files.confiture(database).migrate();
        files.write("001_a.up.sql", "CREATE TABLE a (x bigint);").write("002_b.up.sql", OK);

        assertRefused(files, database, ErrorCode.CHECKSUM_MISMATCH, "001_a.up.sql", "new migration");
        assertThat(Sql.tableExists(database, "sentinel")).isFalse();
    }

    @Test
    void anAppliedVersionWhoseFileIsGoneStopsTheRun(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_b.up.sql", "CREATE TABLE b (x int);");
        files.confiture(database).migrate();
        Files.delete(files.path("001_a.up.sql"));
        files.write("003_c.up.sql", OK);

        assertRefused(files, database, ErrorCode.MISSING_FILE, "001_a", "ConfitureConfiguration.locations");
        assertThat(Sql.tableExists(database, "sentinel")).isFalse();
    }

    @Test
    void aDownRequestWithoutADownFileIsRefusedNamingTheFile(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);");
        files.confiture(database).migrate();

        assertThatThrownBy(() -> files.confiture(database).down(1))
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.DOWN_MISSING);
                    assertThat(ex.getMessage()).contains("001_a.up.sql", "001_a.down.sql");
                    assertThat(ex.hint()).contains("Write the down script");
                });
        assertThat(Sql.tableExists(database, "a")).isTrue();
    }

    @Test
    void aSchemaNameLongerThanPostgresAllowsIsRefusedNamingTheProperty(TestDatabase database) {
        assertThatThrownBy(() -> new MigrationDirectory(directory).confiture(database, builder -> builder.schema("s".repeat(64))))
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(ex.hint()).contains("ConfitureConfiguration.schema");
                });
    }

    @Test
    void anUnknownLocationPrefixIsRefusedNamingTheProperty(TestDatabase database) {
        assertThatThrownBy(() -> new Confiture(ConfitureConfiguration.builder().dataSource(database.dataSource())
                .locations("s3:bucket/migrations").build()).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(ex.getMessage()).contains("s3:bucket/migrations");
                });
    }

    @Test
    void oddButValidFilesAreAccepted(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_empty.up.sql", "")
                .writeBytes("002_bom_only.up.sql", new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF })
                .writeBytes("003_bom.up.sql", concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF },
                        bytes("CREATE TABLE bom_table (x int);")))
                .write("004_crlf.up.sql", "CREATE TABLE crlf_table (\r\n  x int\r\n);\r\n")
                .write("005_no_final_semicolon.up.sql", "CREATE TABLE last_table (x int)")
                .write("README.md", "not a migration");

        assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(5);
        assertThat(Sql.tableExists(database, "bom_table")).isTrue();
        assertThat(Sql.tableExists(database, "crlf_table")).isTrue();
        assertThat(Sql.tableExists(database, "last_table")).isTrue();
    }

    private static void assertClear(Case bad, ConfitureException ex) {
        assertThat(ex.code()).as(ex.getMessage()).isEqualTo(bad.expected());
        if (bad.namedFile() != null) {
            assertThat(ex.getMessage()).contains(bad.namedFile());
        }
        if (bad.line() != null) {
            assertThat(ex.getMessage()).as(ex.getMessage()).contains("line " + bad.line());
        }
        String hint = (ex.hint() != null) ? ex.hint() : ex.getMessage();
        assertThat(hint).as("a hint saying what to do, in: " + ex.getMessage()).isNotBlank().contains(bad.hint());
    }

    private static void assertRefused(MigrationDirectory files, TestDatabase database, ErrorCode code, String named,
            String hint) {
        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(code);
                    assertThat(ex.getMessage()).contains(named);
                    assertThat(ex.hint()).contains(hint);
                });
    }

    private static Case named(String name, String fileName, ErrorCode code, String hint) {
        return new Case(name, files("000_ok.up.sql", OK, fileName, "SELECT 1;"), code, fileName, null, hint);
    }

    private static Case one(String name, String fileName, String content, ErrorCode code, @Nullable Integer line,
            String hint) {
        return new Case(name, files("000_ok.up.sql", OK, fileName, content), code, fileName, line, hint);
    }

    private static Case sqlError(String name, String content, int line) {
        return new Case(name, files("001_bad.up.sql", content), ErrorCode.MIGRATION_FAILED, "001_bad.up.sql", line,
                "then run migrate again");
    }

    private static Map<String, byte[]> files(String... namesAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            files.put(namesAndContents[i], bytes(namesAndContents[i + 1]));
        }
        return files;
    }

    private static Map<String, byte[]> filesBytes(String first, byte[] firstContent, String second, byte[] secondContent) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(first, firstContent);
        files.put(second, secondContent);
        return files;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
