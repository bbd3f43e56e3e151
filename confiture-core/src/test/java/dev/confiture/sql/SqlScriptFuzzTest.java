package dev.confiture.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of the script lexer with Jazzer. In the default build it replays the seed
 * inputs in {@code SqlScriptFuzzTestInputs/splitsOrRefusesEveryInput}; the {@code fuzz} Maven profile runs a million
 * generated inputs. For every input the lexer either throws its own parse error or returns
 * statements that are exact, ordered slices of the input, and the text between them (separators,
 * whitespace, comments) holds no statement: statements and gaps joined give back the input.
 */
class SqlScriptFuzzTest {

    @FuzzTest(maxExecutions = 1_000_000)
    @DictionaryEntries({ ";", "'", "''", "E'", "U&'", "\"", "$$", "$tag$", "$1", "--", "/*", "*/", "(", ")", "BEGIN",
            "ATOMIC", "END", "CASE", "CREATE", "OR REPLACE", "FUNCTION", "PROCEDURE", "INDEX", "CONCURRENTLY", "VACUUM",
            "COMMIT", "ROLLBACK", "START TRANSACTION", "COPY", "FROM", "STDIN" })
    void splitsOrRefusesEveryInput(byte[] bytes) {
        String script = new String(bytes, StandardCharsets.UTF_8);
        SqlScript parsed;
        try {
            parsed = SqlScriptParser.parse(script, "fuzz.sql");
        }
        catch (ConfitureException ex) {
            assertThat(ex.code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
            assertThat(ex.location()).isNotNull();
            assertThat(ex.location().line()).isPositive();
            return;
        }
        List<SqlStatement> statements = parsed.statements();
        StringBuilder joined = new StringBuilder();
        int end = 0;
        for (int i = 0; i < statements.size(); i++) {
            SqlStatement statement = statements.get(i);
            assertThat(statement.index()).isEqualTo(i + 1);
            assertThat(statement.offset()).isGreaterThanOrEqualTo(end);
            assertThat(statement.sql()).isNotEmpty();
            assertThat(SqlChars.isWhitespace(statement.sql().charAt(0))).as("starts at a token").isFalse();
            assertThat(SqlChars.isWhitespace(statement.sql().charAt(statement.sql().length() - 1))).as("ends at a token")
                    .isFalse();
            assertThat(script.startsWith(statement.sql(), statement.offset())).as("statement %d is a slice", i + 1).isTrue();
            String gap = script.substring(end, statement.offset());
            assertNoStatementIn(gap);
            joined.append(gap).append(statement.sql());
            end = statement.offset() + statement.sql().length();
            assertThat(statement.line()).isEqualTo(lineOf(script, statement.offset()));
        }
        String tail = script.substring(end);
        assertNoStatementIn(tail);
        joined.append(tail);
        assertThat(joined.toString()).isEqualTo(script);
    }

    private static void assertNoStatementIn(String gap) {
        assertThat(SqlScriptParser.parse(gap, "gap.sql").statements()).as("text between statements: [%s]", gap).isEmpty();
    }

    private static int lineOf(String script, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            char c = script.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= script.length() || script.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }
}
