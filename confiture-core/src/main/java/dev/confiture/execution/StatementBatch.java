package dev.confiture.execution;

import dev.confiture.sql.SqlStatement;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Sends the statements of a large file (a bulk of INSERTs, typically) several per round trip: a round trip per
 * statement, not the server's work, is what a file of many small statements spends its time on. Only statements that
 * cannot return rows and leave the session as the run expects are queued (a query, SET, DO, CALL or COPY runs alone,
 * as it would in a file read whole): those starting with a keyword of {@link #NO_ROWS}, and for
 * {@code INSERT}, {@code UPDATE}, {@code DELETE} and {@code MERGE} only without the word {@code RETURNING}; any other
 * statement first sends the queue, then runs alone. The queue is bounded ({@link #MAX_STATEMENTS},
 * {@link #MAX_CHARS}). Each queued statement is its own query, so the position in its error is its own. Which one
 * failed, though, the driver cannot tell inside a transaction (it marks every statement of a failed batch as
 * failed): when a batch of several fails, {@link #failed()} is {@code null} and {@link #unlocatedFrom()} says where
 * the batch started, so that the caller rolls back and runs the file again with the statements from there on sent
 * alone ({@code aloneFrom}), which names the failing one.
 */
final class StatementBatch {

    static final int MAX_STATEMENTS = 1_000;

    static final int MAX_CHARS = 1 << 20;

    /** First keywords of statements that return no rows (the DML ones unless they say RETURNING). */
    private static final Set<String> NO_ROWS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "ALTER", "DROP",
            "COMMENT", "GRANT", "REVOKE", "TRUNCATE");

    private static final Set<String> MAY_RETURN = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");

    private final Connection connection;

    private final List<SqlStatement> queued = new ArrayList<>();

    private int chars;

    private @Nullable Statement jdbc;

    private @Nullable SqlStatement failed;

    private final int aloneFrom;

    private int unlocatedFrom = -1;

    /**
     * @param aloneFrom the {@link SqlStatement#index()} from which every statement runs alone ({@code Integer.MAX_VALUE}
     * for none): where a batch failed in an earlier attempt, to find which of its statements the server refused
     */
    StatementBatch(Connection connection, int aloneFrom) {
        this.connection = connection;
        this.aloneFrom = aloneFrom;
    }

    /**
     * Queues the statement, or sends the queue and then the statement.
     * @throws SQLException when the server refuses a statement sent now; {@link #failed()} tells which
     */
    void execute(SqlStatement statement) throws SQLException {
        if (statement.index() >= aloneFrom || !returnsNoRows(statement.executed())) {
            flush();
            failed = statement;
            dev.confiture.jdbc.Jdbc.execute(connection, statement);
            failed = null;
            return;
        }
        Statement batch = jdbc;
        if (batch == null) {
            batch = connection.createStatement();
            batch.setEscapeProcessing(false);
            jdbc = batch;
        }
        batch.addBatch(statement.executed());
        queued.add(statement);
        chars += statement.executed().length();
        if (queued.size() >= MAX_STATEMENTS || chars >= MAX_CHARS) {
            flush();
        }
    }

    /**
     * Sends what is queued.
     * @throws SQLException the server's error about the statement that failed ({@link #failed()})
     */
    void flush() throws SQLException {
        Statement batch = jdbc;
        if (batch == null || queued.isEmpty()) {
            return;
        }
        try {
            batch.executeBatch();
        }
        catch (BatchUpdateException ex) {
            // inside a transaction the driver's update counts mark every statement of the batch as failed, so only a
            // batch of one names its failing statement
            if (queued.size() == 1) {
                failed = queued.get(0);
            }
            else {
                failed = null;
                unlocatedFrom = queued.get(0).index();
            }
            SQLException cause = ex.getNextException();
            throw (cause != null) ? cause : ex;
        }
        finally {
            batch.clearBatch();
            queued.clear();
            chars = 0;
        }
    }

    /**
     * @return the statement the last {@link SQLException} thrown is about; {@code null} before one, or when it came
     * from a batch of several statements ({@link #unlocatedFrom()})
     */
    @Nullable SqlStatement failed() {
        return failed;
    }

    /**
     * @return the {@link SqlStatement#index()} of the first statement of the batch of several statements that failed,
     * one of which the server refused; {@code -1} when no such batch failed
     */
    int unlocatedFrom() {
        return unlocatedFrom;
    }

    /** Closes the JDBC statement (a failed batch leaves nothing to send). */
    void close() throws SQLException {
        Statement batch = jdbc;
        if (batch != null) {
            jdbc = null;
            batch.close();
        }
    }

    private static boolean returnsNoRows(String sql) {
        int end = 0;
        while (end < sql.length() && end < 16 && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        String first = sql.substring(0, end).toUpperCase(Locale.ROOT);
        if (!NO_ROWS.contains(first)) {
            return false;
        }
        return !MAY_RETURN.contains(first) || !containsIgnoringCase(sql, "RETURNING");
    }

    private static boolean containsIgnoringCase(String text, String upperWord) {
        int length = upperWord.length();
        for (int i = 0; i + length <= text.length(); i++) {
            if (text.regionMatches(true, i, upperWord, 0, length)) {
                return true;
            }
        }
        return false;
    }
}
