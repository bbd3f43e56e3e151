package dev.confiture.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.confiture.api.ConfitureException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Any input either splits or fails with a ConfitureException, and big or deeply nested input splits
 * in linear time without running out of stack.
 */
class RobustnessTest {

    /** Fragments that open, close or confuse the lexer's constructs, glued together at random. */
    private static final String[] FRAGMENTS = {"'", "''", "\"", "$", "$$", "$a$", "$1", "a$", "e'", "E", "U&", "u&'",
        "x'", "\\", "\\\\", "-", "--", "/", "*", "/*", "*/", ";", "(", ")", "\n", "\r", "\r\n", " ", "\t", "a", "_",
        "1", "😀", "\uD83D", "\uDE00", "é", "BEGIN", " ATOMIC ", "CASE", " END", "CREATE FUNCTION f() ", "COPY t ",
        " FROM ", "STDIN", "REINDEX ", "(CONCURRENTLY", ",", "=", "VACUUM", "CREATE INDEX ", "CONCURRENTLY", "\0"};

    @Test
    void randomInputEitherSplitsConsistentlyOrFailsWithConfitureException() {
        Random random = new Random(20240601);
        for (int round = 0; round < 30_000; round++) {
            StringBuilder script = new StringBuilder();
            int pieces = random.nextInt(25);
            for (int i = 0; i < pieces; i++) {
                script.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            checkSplitsConsistentlyOrFailsCleanly(script.toString(), random);
        }
    }

    @Test
    void everyPrefixOfARealisticScriptSplitsOrFailsCleanly() {
        String script = """
                -- confiture: header
                CREATE TABLE "we;ird" (id int, note text DEFAULT E'it\\'s; \\\\');
                /* outer /* nested; */ still comment */
                CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC
                  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
                END;
                DO $do$ BEGIN RAISE NOTICE '%', $$;$$; END $do$;
                CREATE INDEX CONCURRENTLY i ON "we;ird" (id);
                SELECT U&'d\\0061t\\+000061', B'101', $1, a$b FROM t😀;
                """;
        Random random = new Random(7);
        for (int end = 0; end <= script.length(); end++) {
            checkSplitsConsistentlyOrFailsCleanly(script.substring(0, end), random);
        }
    }

    @Test
    void fiftyMegabyteScriptSplitsQuickly() {
        String unit = """
                INSERT INTO t (id, note) VALUES (1, 'semi;colon'), (2, E'it\\'s'); -- it's; fine
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN RETURN 1; END $fn$;
                /* a /* nested */ comment; */ SELECT "quoted;id", $$dollar;$$ FROM t WHERE x = $1;
                """;
        int repeats = 50_000_000 / unit.length();
        String script = unit.repeat(repeats);
        List<SqlStatement> statements = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> SqlScriptParser.parse(script, "big.sql").statements());
        assertThat(statements).hasSize(repeats * 3);
        SqlStatement last = statements.get(statements.size() - 1);
        assertThat(last.line()).isEqualTo(repeats * 3);
        assertThat(last.sql()).isEqualTo("SELECT \"quoted;id\", $$dollar;$$ FROM t WHERE x = $1");
        assertThat(last.column()).isEqualTo(31);
    }

    @Test
    void manyStatementsOnOneLineGetTheirColumnsInLinearTime() {
        int count = 2_000_000;
        String script = "SELECT 1;".repeat(count);
        List<SqlStatement> statements = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> SqlScriptParser.parse(script, "one-line.sql").statements());
        assertThat(statements).hasSize(count);
        assertThat(statements.get(count - 1).column()).isEqualTo(9 * (count - 1) + 1);
    }

    @Test
    void hugeSingleStatementsSplitQuickly() {
        String body = "x;'\"/*".repeat(5_000_000);
        String script = "SELECT $big$" + body + "$big$; SELECT '" + body.replace("'", "''") + "'; SELECT 3";
        List<SqlStatement> statements = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> SqlScriptParser.parse(script, "huge.sql").statements());
        assertThat(statements).extracting(SqlStatement::index).containsExactly(1, 2, 3);
    }

    @Test
    void deepNestingNeedsNoStack() {
        int depth = 1_000_000;
        String script = "/*".repeat(depth) + "*/".repeat(depth) + " SELECT " + "(".repeat(depth) + "1"
                + ")".repeat(depth) + "; SELECT 2";
        List<SqlStatement> statements = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> SqlScriptParser.parse(script, "deep.sql").statements());
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).offset()).isEqualTo(4 * depth + 1);
    }

    @Test
    void manyNearMissDollarDelimitersStayLinear() {
        String tag = "$" + "t".repeat(1000) + "$";
        String nearMiss = "$" + "t".repeat(999) + "u";
        String script = "SELECT " + tag + nearMiss.repeat(20_000) + tag;
        List<SqlStatement> statements = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> SqlScriptParser.parse(script, "dollars.sql").statements());
        assertThat(statements).hasSize(1);
    }

    private static void checkSplitsConsistentlyOrFailsCleanly(String script, Random random) {
        SqlScript parsed;
        try {
            parsed = SqlScriptParser.parse(script, "fuzz.sql");
        } catch (ConfitureException e) {
            assertThat(e.location()).as("location for %s", script).isNotNull();
            assertThat(e.location().line()).isPositive();
            assertThat(e.location().column()).isPositive();
            return;
        }
        int previousEnd = 0;
        int index = 1;
        for (SqlStatement statement : parsed.statements()) {
            String sql = statement.sql();
            assertThat(sql).as("statement of %s", script).isNotEmpty();
            assertThat(statement.index()).isEqualTo(index++);
            assertThat(statement.offset()).isGreaterThanOrEqualTo(previousEnd);
            assertThat(script.substring(statement.offset(), statement.offset() + sql.length())).isEqualTo(sql);
            assertThat(Character.isWhitespace(sql.charAt(0))).isFalse();
            assertThat(Character.isWhitespace(sql.charAt(sql.length() - 1))).isFalse();
            int[] expected = lineAndColumn(script, statement.offset());
            assertThat(new int[] {statement.line(), statement.column()}).as("position in %s", script)
                    .containsExactly(expected);
            statement.locate("fuzz.sql", random.nextInt(sql.length() + 3) - 1);
            assertThat(statement.summary()).isNotNull();
            previousEnd = statement.offset() + sql.length();
        }
    }

    /** A deliberately plain second implementation of line and code-point column counting. */
    private static int[] lineAndColumn(String text, int offset) {
        String before = text.substring(0, offset).replace("\r\n", "\n").replace('\r', '\n');
        int lineStart = before.lastIndexOf('\n') + 1;
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        return new int[] {line, before.codePointCount(lineStart, before.length()) + 1};
    }
}
