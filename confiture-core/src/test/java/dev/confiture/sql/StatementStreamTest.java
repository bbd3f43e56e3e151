package dev.confiture.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link StatementStream}: the same statements and errors as splitting the whole file, wherever the reads stop, while
 * holding only the statement being split and a bounded read-ahead.
 */
class StatementStreamTest {

    @Test
    void everyGeneratedInputStreamsAsTheWholeFileSplits() throws IOException {
        Random random = new Random(20261130L);
        for (int input = 0; input < 1_000; input++) {
            String script = new String(SqlScriptGeneratedInputsTest.generate(random), StandardCharsets.UTF_8);
            Object whole = splitWhole(script);
            for (int chunk : new int[] { 1, 2, 3, 5, 8, 13 }) {
                assertThat(splitStreaming(script, chunk)).as("input %d [%s] read %d chars at a time", input, script, chunk)
                        .isEqualTo(whole);
            }
        }
    }

    @Test
    void constructsCutByTheReadsSplitAsWhole() throws IOException {
        String script = String.join("\n", "SELECT 'a;b''c' AS s;", "CREATE FUNCTION f() RETURNS int AS $body$",
                "BEGIN RETURN 1; /* ; */ END $body$ LANGUAGE plpgsql;", "/* nested /* ; */ comment */ SELECT 2;",
                "-- a ; comment", "SELECT E'\\';' || 'x'", "  'continued';", "SELECT \"q;\" FROM (SELECT 1 AS \"q;\") s;",
                "CREATE FUNCTION g() RETURNS int BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END;",
                "SELECT $1, $$;$$, U&'d\\0061t';", "SELECT 'é😀' AS emoji;", "SELECT 3");
        Object whole = splitWhole(script);
        assertThat(whole).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(9);
        for (int chunk = 1; chunk <= 40; chunk++) {
            assertThat(splitStreaming(script, chunk)).as("read %d chars at a time", chunk).isEqualTo(whole);
        }
    }

    /**
     * The bound: when a statement is handed out, no more than twice the longest statement so far and two chunks have
     * been read past its start, whatever the file's size (here, many small statements and one of 300,000 chars: the
     * window grows to about twice a long statement to split it in linear time, and shrinks back after it).
     */
    @Test
    void readsNoFurtherAheadThanTheStatementAndABoundedBuffer() throws IOException {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            script.append("INSERT INTO t VALUES (").append(i).append(", 'row ").append(i).append("');\n");
            if (i == 10_000) {
                script.append("SELECT $big$").append("x;".repeat(150_000)).append("$big$;\n");
            }
        }
        CountingReader reader = new CountingReader(new StringReader(script.toString()));
        int statements = 0;
        long longest = 0;
        long furthestAhead = 0;
        try (StatementStream stream = new StatementStream(reader, "big.sql")) {
            for (SqlStatement statement = stream.next(); statement != null; statement = stream.next()) {
                statements++;
                longest = Math.max(longest, statement.sql().length());
                long ahead = reader.read - statement.offset();
                assertThat(ahead).as("chars read from the start of statement %d", statement.index())
                        .isLessThanOrEqualTo(2 * longest + 2L * StatementStream.CHUNK);
                if (statement.index() > 19_000) { // past what was read with the long statement
                    furthestAhead = Math.max(furthestAhead, ahead);
                }
            }
        }
        assertThat(statements).isEqualTo(20_001);
        assertThat(furthestAhead).as("the read-ahead after the long statement").isLessThanOrEqualTo(
                2L * StatementStream.CHUNK);
        assertThat(reader.read).isEqualTo(script.length());
    }

    @Test
    void anErrorFarIntoTheFileIsLocatedAsInTheWholeFile() throws IOException {
        String script = "SELECT 1;\n".repeat(50_000) + "SELECT 'never closed;\n" + "SELECT 2;\n".repeat(10);

        assertThat(splitStreaming(script, StatementStream.CHUNK))
                .isInstanceOfSatisfying(StreamError.class, error -> {
                    assertThat(error.code).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
                    assertThat(error.line).isEqualTo(50_001);
                    assertThat(error.column).isEqualTo(8);
                });
    }

    private static Object splitWhole(String script) {
        try {
            return SqlScriptParser.parse(script, "gen.sql").statements();
        }
        catch (ConfitureException ex) {
            return StreamError.of(ex);
        }
    }

    private static Object splitStreaming(String script, int chunk) throws IOException {
        List<SqlStatement> statements = new ArrayList<>();
        try (StatementStream stream = new StatementStream(new StringReader(script), "gen.sql", chunk)) {
            for (SqlStatement statement = stream.next(); statement != null; statement = stream.next()) {
                statements.add(statement);
            }
        }
        catch (ConfitureException ex) {
            return StreamError.of(ex);
        }
        return statements;
    }

    /** A parse error compared by value (an exception is not). */
    private static final class StreamError extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final ErrorCode code;

        final int line;

        final int column;

        StreamError(ErrorCode code, String message, int line, int column) {
            super(message);
            this.code = code;
            this.line = line;
            this.column = column;
        }

        static StreamError of(ConfitureException ex) {
            return new StreamError(ex.code(), ex.getMessage(), ex.location().line(), ex.location().column());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StreamError error && code == error.code && line == error.line
                    && column == error.column && String.valueOf(getMessage()).equals(error.getMessage());
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(code, line, column, getMessage());
        }
    }

    /** Counts the chars handed out, to see how far ahead the stream reads. */
    private static final class CountingReader extends Reader {

        private final Reader delegate;

        long read;

        CountingReader(Reader delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int count = delegate.read(buffer, offset, length);
            if (count > 0) {
                read += count;
            }
            return count;
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
