package dev.confiture.schema;

import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.jdbc.TimeoutSettings;
import dev.confiture.sql.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Executes schema files in the connection's current transaction, in batches of statements that fall back to one
 * statement at a time to name a failing one; the caller owns the transaction (commits or rolls back).
 */
public final class DdlApplier {

    private DdlApplier() {
    }

    /**
     * Sets {@code statement_timeout} for the current transaction, when one is configured.
     * @param connection a connection inside a transaction
     * @param timeout the timeout, or {@code null} to keep the server's
     * @throws SQLException if the server refuses
     */
    public static void statementTimeout(Connection connection, @Nullable Duration timeout) throws SQLException {
        if (timeout == null) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
            statement.setString(1, TimeoutSettings.setting(timeout));
            statement.execute();
        }
    }

    /**
     * At most this many statements go to the server in one message. A round trip per statement was most of what a
     * build cost beyond the server's own work (issue 17); a bounded batch keeps the server's replies (a few dozen
     * bytes a statement) far below what a socket buffers, so neither side can wait on the other.
     */
    static final int STATEMENTS_PER_MESSAGE = 64;

    /** ... and at most about this many characters of SQL, so a file of large statements is not copied whole again. */
    static final int CHARS_PER_MESSAGE = 1 << 20;

    private static final String SAVEPOINT = "confiture_schema_batch";

    private static final Pattern SAVEPOINT_COMMAND = Pattern.compile("(?i)(SAVEPOINT|RELEASE|ROLLBACK)\\b");

    /**
     * A SQL-standard function body. The driver splits a message's text into its queries, but from {@code BEGIN ATOMIC}
     * on it splits no more: the statements after it in a batch would reach the server as one query, which it refuses,
     * so a batch holding one would always fail and run again statement by statement (its work, and what a rollback
     * does not undo, such as {@code nextval}, done twice). Such a statement runs alone.
     */
    private static final Pattern ATOMIC_BODY = Pattern.compile("(?is)\\bBEGIN\\s+ATOMIC\\b");

    /**
     * Executes every statement of the files, in order. Inside a transaction, the statements go to the server in
     * batches, each in one message between {@code SAVEPOINT} and {@code RELEASE SAVEPOINT}; when a batch fails, it is
     * rolled back to its savepoint and run again statement by statement, so the error names exactly the statement
     * that failed, with the same file, line, column and server message as when every statement is sent alone (and
     * if none fails the second time, the batch is applied that way and the build goes on). Each statement is
     * sent with its own text, so the server's error positions stay relative to it. In autocommit mode, or when a file
     * sets savepoints of its own, statement by statement.
     * @param connection a connection, normally inside a transaction
     * @param files the files, in build order
     * @return how many statements ran
     * @throws SchemaBuildException at the first statement the server rejects (the caller rolls back)
     */
    public static int apply(Connection connection, List<SchemaFile> files) {
        List<Located> statements = new ArrayList<>();
        for (SchemaFile file : files) {
            for (SqlStatement statement : file.statements()) {
                statements.add(new Located(file, statement));
            }
        }
        boolean batched;
        try {
            batched = !connection.getAutoCommit();
        }
        catch (SQLException ex) {
            batched = false;
        }
        // a file's own savepoint would be released with the batch's, and a ROLLBACK TO it would then fail
        batched = batched && statements.stream().noneMatch(located -> SAVEPOINT_COMMAND.matcher(located.statement().sql())
                .lookingAt());
        int done = 0;
        while (done < statements.size()) {
            if (!batched || runsAlone(statements.get(done))) {
                applyOne(connection, statements.get(done), done);
                done++;
                continue;
            }
            int end = done;
            StringBuilder sql = new StringBuilder("SAVEPOINT " + SAVEPOINT + ";\n");
            while (end < statements.size() && end - done < STATEMENTS_PER_MESSAGE
                    && (end == done || sql.length() < CHARS_PER_MESSAGE) && !runsAlone(statements.get(end))) {
                sql.append(statements.get(end).statement().executed()).append(";\n");
                end++;
            }
            sql.append("RELEASE SAVEPOINT " + SAVEPOINT);
            try (Statement batch = connection.createStatement()) {
                batch.setEscapeProcessing(false);
                batch.execute(sql.toString());
            }
            catch (SQLException ex) {
                if (interrupted(ex)) {
                    // a cancel (pg_cancel_backend, a shutdown) or a lost connection: no statement is at fault, and
                    // running the batch again would ignore the cancel
                    throw failure(statements.get(done).file(), statements.get(done).statement(), ex, done);
                }
                rollBackBatch(connection, statements.get(done), done, ex);
                for (int i = done; i < end; i++) {
                    applyOne(connection, statements.get(i), i);
                }
            }
            done = end;
        }
        return done;
    }

    private static boolean interrupted(SQLException ex) {
        String state = ex.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P")
                || ("57014".equals(state) && String.valueOf(ex.getMessage()).contains("user request")));
    }

    private static boolean runsAlone(Located located) {
        return ATOMIC_BODY.matcher(located.statement().executed()).find();
    }

    private static void applyOne(Connection connection, Located located, int completed) {
        try {
            Jdbc.execute(connection, located.statement());
        }
        catch (SQLException ex) {
            throw failure(located.file(), located.statement(), ex, completed);
        }
    }

    /** Undoes what a failed batch did, keeping the statements of the batches before it. */
    private static void rollBackBatch(Connection connection, Located first, int completed, SQLException cause) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT);
        }
        catch (SQLException ex) {
            ex.addSuppressed(cause);
            throw failure(first.file(), first.statement(), ex, completed);
        }
    }

    /** A statement and the file it comes from. */
    private record Located(SchemaFile file, SqlStatement statement) {
    }

    private static SchemaBuildException failure(SchemaFile file, SqlStatement statement, SQLException ex, int count) {
        String description = file.description();
        SourceLocation location = statement.location(description);
        String message = String.valueOf(ex.getMessage());
        String sqlState = ex.getSQLState();
        if (ex instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server.getPosition() > 0) {
                location = statement.locate(description, server.getPosition());
            }
            message = String.valueOf(server.getMessage());
            if (server.getDetail() != null) {
                message += "; detail: " + server.getDetail();
            }
            if (server.getHint() != null) {
                message += "; server hint: " + server.getHint();
            }
            sqlState = server.getSQLState();
        }
        SchemaError error = new SchemaError(ErrorCode.SCHEMA_BUILD_FAILED, description, location.line(),
                location.column(), "Statement " + statement.index() + " of " + file.path() + " failed: " + message,
                sqlState, statement.summary());
        String fix = interrupted(ex) ? "The build was cancelled or lost its connection, no statement is at fault (it was "
                + "running a batch of statements from this one on); build again when the database is ready"
                : "Fix the statement and build again";
        return new SchemaBuildException(error, count, fix + ". Nothing was applied: every schema "
                + "file runs in one transaction, in the order of their paths (numeric prefixes compare as numbers)", ex);
    }
}
