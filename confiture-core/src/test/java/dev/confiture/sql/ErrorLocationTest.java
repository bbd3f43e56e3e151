package dev.confiture.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorLocationTest {

    private static final String SOURCE = "classpath:db/migration/002_more.up.sql";

    // --- mapping server error positions back to the file

    @Test
    void locatesAPositionOnALaterLineOfAMultiLineStatement() {
        String script = "SELECT 0;\n\n    SELECT a,\n      bogus\n    FROM t;";
        SqlStatement statement = parse(script).statements().get(1);
        int position = statement.sql().indexOf("bogus") + 1;
        assertThat(statement.locate(SOURCE, position)).isEqualTo(new SourceLocation(SOURCE, 4, 7));
    }

    @Test
    void locatesAPositionOnTheFirstLineFromTheStatementColumn() {
        SqlStatement statement = parse("SELECT 1; SELECT nope").statements().get(1);
        assertThat(statement.locate(SOURCE, 8)).isEqualTo(new SourceLocation(SOURCE, 1, 18));
        assertThat(statement.locate(SOURCE, 1)).isEqualTo(statement.location(SOURCE));
    }

    @Test
    void serverPositionsCountCodePointsSoEmojiBeforeThePositionCountOnce() {
        String script = "SELECT '😀', '👍🏽',\n  '😀' || bogus";
        SqlStatement statement = parse(script).statements().get(0);
        String sql = statement.sql();
        int serverPosition = sql.codePointCount(0, sql.indexOf("bogus")) + 1;
        assertThat(serverPosition).isLessThan(sql.indexOf("bogus") + 1);
        assertThat(statement.locate(SOURCE, serverPosition)).isEqualTo(new SourceLocation(SOURCE, 2, 10));
    }

    @Test
    void emojiOnTheSameLineBeforeTheStatementCountOnceInItsColumn() {
        SqlStatement statement = parse("SELECT '😀'; SELECT x").statements().get(1);
        assertThat(statement.column()).isEqualTo(13);
        assertThat(statement.locate(SOURCE, 8)).isEqualTo(new SourceLocation(SOURCE, 1, 20));
    }

    @Test
    void locatesAcrossCrlfLineEndings() {
        SqlStatement statement = parse("-- x\r\nSELECT a,\r\n  bogus\r\nFROM t").statements().get(0);
        int position = statement.sql().indexOf("bogus") + 1;
        assertThat(statement.locate(SOURCE, position)).isEqualTo(new SourceLocation(SOURCE, 3, 3));
    }

    @Test
    void positionsOutOfRangeClampToTheStatement() {
        SqlStatement statement = parse("\nSELECT 1,\n  2").statements().get(0);
        assertThat(statement.locate(SOURCE, 10_000)).isEqualTo(new SourceLocation(SOURCE, 3, 3));
        assertThat(statement.locate(SOURCE, 0)).isEqualTo(new SourceLocation(SOURCE, 2, 1));
        assertThat(statement.locate(SOURCE, -5)).isEqualTo(new SourceLocation(SOURCE, 2, 1));
    }

    // --- unterminated constructs are reported where they start

    @Test
    void unterminatedStandardString() {
        ConfitureException error = failure("SELECT 1;\nSELECT 'it''s;\nSELECT 2;\n");
        assertError(error, 2, 8, "unterminated quoted string starting here");
        assertThat(error.hint()).contains("closing '");
    }

    @Test
    void unterminatedEscapeStringWhoseLastQuoteIsEscaped() {
        ConfitureException error = failure("SELECT  E'C:\\';\nSELECT 2;");
        assertError(error, 1, 9, "unterminated escape string E'...' starting here");
        assertThat(error.hint()).contains("\\'");
    }

    @Test
    void unterminatedContinuedEscapeStringPointsAtItsFirstPart() {
        assertError(failure("SELECT E'a'\n  'b\\';"), 1, 8, "unterminated escape string E'...' starting here");
    }

    @Test
    void unterminatedPrefixedString() {
        assertError(failure("SELECT X'ff"), 1, 8, "unterminated quoted string starting here");
        assertError(failure("SELECT U&'d\\0061"), 1, 8, "unterminated quoted string starting here");
    }

    @Test
    void unterminatedQuotedIdentifier() {
        ConfitureException error = failure("CREATE TABLE t (\n  \"a\"\"b int\n);");
        assertError(error, 2, 3, "unterminated quoted identifier starting here");
        assertThat(error.hint()).contains("closing \"");
    }

    @Test
    void unterminatedDollarQuoteNamesItsTag() {
        ConfitureException error = failure("CREATE FUNCTION f() RETURNS int AS $fn$\nBEGIN RETURN 1; END;\n$FN$;\n");
        assertError(error, 1, 36, "unterminated dollar-quoted string $fn$ starting here");
        assertThat(error.hint()).contains("$fn$");
    }

    @Test
    void unterminatedAnonymousDollarQuote() {
        assertError(failure("SELECT 1;\n DO $$ BEGIN NULL; END $ $;"), 2, 5,
                "unterminated dollar-quoted string $$ starting here");
    }

    @Test
    void unterminatedNestedBlockCommentPointsAtTheOutermostStart() {
        ConfitureException error = failure("SELECT 1;\n/* outer /* inner */ still open;\nSELECT 2;");
        assertError(error, 2, 1, "unterminated block comment starting here");
        assertThat(error.hint()).contains("*/").contains("nest");
    }

    @Test
    void columnsOfErrorsCountCodePoints() {
        assertError(failure("SELECT '😀', 'x"), 1, 13, "unterminated quoted string starting here");
    }

    @Test
    void messageNamesFileLineAndColumn() {
        assertThat(failure("SELECT 'x").getMessage())
                .contains("[SQL_PARSE_ERROR] unterminated quoted string starting here")
                .contains("(at " + SOURCE + ", line 1, column 8)");
    }

    // --- psql-only input

    @ParameterizedTest
    @ValueSource(strings = {"\\i other.sql", "\\set answer 42", "\\connect other", "\\ir x.sql", "\\."})
    void psqlMetaCommandAtTheStartOfALine(String command) {
        ConfitureException error = failure("SELECT 1;\n  " + command + "\nSELECT 2;");
        assertError(error, 2, 3, "psql meta-commands are not SQL");
        assertThat(error.problem()).contains(command.split(" ")[0]);
    }

    @Test
    void psqlMetaCommandAfterAStatementOnTheSameLine() {
        ConfitureException error = failure("SELECT 1 AS answer \\gset\n");
        assertError(error, 1, 20, "psql meta-commands are not SQL: \\gset cannot run in a migration");
    }

    @Test
    void backslashesInsideStringsCommentsAndBodiesAreNotMetaCommands() {
        String script = "SELECT '\\i x';\n-- \\i x\n/*\n\\i x\n*/\nSELECT $$\n\\i x\n$$;\nSELECT E'\\\\i';\nSELECT \"\\i\";";
        assertThat(parse(script).statements()).hasSize(4);
    }

    @Test
    void copyFromStdin() {
        ConfitureException error = failure("CREATE TABLE t (a int, b text);\nCOPY t (a, b) FROM stdin;\n1\tone\n\\.\n");
        assertError(error, 2, 1, "COPY ... FROM STDIN cannot run in a migration");
        assertThat(error.hint()).contains("INSERT").contains("COPY ... FROM '");
    }

    @Test
    void copyFromStdinWithOptions() {
        assertError(failure("copy public.t from STDIN with (format csv, header)"), 1, 1,
                "COPY ... FROM STDIN cannot run in a migration");
    }

    @Test
    void copyToStdout() {
        assertError(failure("COPY (SELECT 1) TO STDOUT"), 1, 1, "COPY ... TO STDOUT cannot run in a migration");
    }

    @Test
    void copyWithServerFilesAndLookAlikesIsFine() {
        assertThatNoException().isThrownBy(() -> parse("""
                COPY t FROM '/var/lib/postgresql/t.csv' WITH (FORMAT csv);
                COPY t TO '/tmp/t.csv';
                COPY (SELECT * FROM stdin) TO '/tmp/s.csv';
                COPY stdin FROM '/tmp/s.csv';
                COPY t FROM PROGRAM 'cat /tmp/t.csv';
                SELECT 'COPY t FROM STDIN';
                -- COPY t FROM STDIN;
                INSERT INTO log VALUES ('from'), ('stdin');
                """));
    }

    private static SqlScript parse(String script) {
        return SqlScriptParser.parse(script, SOURCE);
    }

    private static ConfitureException failure(String script) {
        ConfitureException error = catchThrowableOfType(ConfitureException.class, () -> parse(script));
        assertThat(error).as("parse error for %s", script).isNotNull();
        return error;
    }

    private static void assertError(ConfitureException error, int line, int column, String problemStart) {
        assertThat(error.code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
        assertThat(error.problem()).startsWith(problemStart);
        assertThat(error.location()).isEqualTo(new SourceLocation(SOURCE, line, column));
        assertThat(error.hint()).isNotBlank();
    }
}
