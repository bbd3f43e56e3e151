package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.jdbc.ServerError;
import dev.confiture.jdbc.TimeoutSettings;
import dev.confiture.migration.RepeatableMigration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.sql.SqlStatement;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds the exception of a failed migration: what failed, where in the file, what the server said,
 * what is (not) applied, and what to do next.
 */
final class Failures {

    private Failures() {
    }

    /**
     * @param atCommit whether every statement ran and the commit (with the tracking row and its event) failed
     */
    static MigrationFailedException transactional(ResolvedMigration migration, ExecutionPlan plan,
            @Nullable SqlStatement statement, boolean atCommit, ServerError error, int retries, TimeoutSettings timeouts,
            Throwable cause) {
        int count = plan.fileStatements();
        MigrationFailedException.Failure failure = new MigrationFailedException.Failure(migration.id(),
                migration.version().text(), migration.slug(), true, (statement != null) ? statement.index() : 0, count, 0,
                error.sqlState(), error.message(), error.location(), List.of(), List.of());
        String specific = (atCommit && !error.isConnectionLost() && !error.isReadOnly())
                ? "Every statement ran, and the server refused the commit: a deferred constraint or a constraint trigger "
                        + "(checked at commit), or a trigger or permission on the tracking tables; fix that, "
                : (cause instanceof java.io.IOException && plan.streamed() != null) ? "Reading the file as it ran failed, not a statement (a file read "
                        + "statement by statement is checked against its checksum at its end): make sure nothing edits, "
                        + "replaces or removes migration files while migrate runs, "
                : specificHint(error, statement, retries, timeouts, false);
        String hint = "Nothing of " + migration.slug() + " was applied: its transaction was rolled back. " + specific
                + "then run migrate again";
        String headline = atCommit ? "Migration " + migration.slug() + " failed at its commit (with its tracking row): "
                + error.describe() : headline(migration, statement, count, error);
        return new MigrationFailedException(failure, headline, error.location(), hint, cause);
    }

    /**
     * A repeatable migration failed: its transaction (with its record) was rolled back.
     */
    static MigrationFailedException repeatable(RepeatableMigration repeatable, ExecutionPlan plan,
            @Nullable SqlStatement statement, boolean atCommit, ServerError error, int retries, TimeoutSettings timeouts,
            Throwable cause) {
        int count = plan.fileStatements();
        MigrationFailedException.Failure failure = new MigrationFailedException.Failure(repeatable.id(), "",
                repeatable.slug(), true, (statement != null) ? statement.index() : 0, count, 0, error.sqlState(),
                error.message(), error.location(), List.of(), List.of());
        String where = (statement != null) ? " at statement " + statement.index() + " of " + count + " ("
                + statement.summary() + ")" : atCommit ? " at its commit (with its record)" : "";
        return new MigrationFailedException(failure, "Repeatable migration " + repeatable.slug() + " failed" + where
                + ": " + error.describe(), error.location(), "Nothing of " + repeatable.slug() + " was applied: its "
                        + "transaction was rolled back (the versioned migrations of the run stay applied). "
                        + specificHint(error, statement, retries, timeouts, false) + "then run migrate again", cause);
    }

    static MigrationFailedException nonTransactional(ResolvedMigration migration, ExecutionPlan plan,
            @Nullable SqlStatement statement, Set<Integer> completed, ServerError error, TimeoutSettings timeouts,
            List<String> droppedIndexes, Throwable cause) {
        int count = plan.fileStatements();
        MigrationFailedException.Failure failure = new MigrationFailedException.Failure(migration.id(),
                migration.version().text(), migration.slug(), false, (statement != null) ? statement.index() : 0, count,
                completed.size(), error.sqlState(), error.message(), error.location(), List.of(), List.of());
        String ran = completed.isEmpty() ? "No statement of " + migration.slug() + " completed"
                : "Statements " + completed + " of " + migration.slug() + " completed and stay applied";
        String dropped = droppedIndexes.isEmpty() ? "" : "The INVALID index " + String.join(", ", droppedIndexes)
                + " the failed statement left behind was dropped. ";
        String specific = (cause instanceof ConfitureException refused && refused.hint() != null) ? refused.hint() + "; "
                : specificHint(error, statement, 0, timeouts, !droppedIndexes.isEmpty());
        String resumesAt = plan.steps().stream().filter(step -> step.size() > 1 && step.contains(statement)).findFirst()
                .map(block -> "at the BEGIN of the failed transaction block (statement " + block.get(0).index()
                        + "), which was rolled back as a whole")
                .orElse("at the failed statement");
        String hint = ran + " (it runs statement by statement because " + plan.nonTransactionalReason() + "). "
                + dropped + specific + "then run migrate again: it resumes " + resumesAt + " (keep the statements that completed as they are)";
        return new MigrationFailedException(failure, headline(migration, statement, count, error), error.location(), hint,
                cause);
    }

    private static String headline(ResolvedMigration migration, @Nullable SqlStatement statement, int count,
            ServerError error) {
        String where = (statement != null) ? " at statement " + statement.index() + " of " + count + " ("
                + statement.summary() + ")" : "";
        return "Migration " + migration.slug() + " failed" + where + ": " + error.describe();
    }

    private static String specificHint(ServerError error, @Nullable SqlStatement statement, int retries,
            TimeoutSettings timeouts, boolean indexDropped) {
        if ("2D000".equals(error.sqlState())) {
            return "A procedure or DO block that commits or rolls back cannot run inside the migration's transaction: "
                    + "give the file the header -- confiture: transactional=false (CALL and DO then run in autocommit), ";
        }
        if (error.isReadOnly()) {
            return "The transaction is read-only: default_transaction_read_only is on for this role or database, or the "
                    + "server is a standby; point the migrator at the primary, or turn the setting off for its role, ";
        }
        if (error.isConnectionLost()) {
            return "The connection to the database was lost (SQLSTATE " + error.sqlState() + "): the server was "
                    + "restarted or the session terminated; when the database is back, ";
        }
        if (error.isLockTimeout()) {
            return "It waited longer than lock_timeout (" + timeouts.lockTimeout() + ") for a lock"
                    + ((retries > 0) ? ", " + (retries + 1) + " times" : "")
                    + ": find the blocking session in pg_stat_activity, or raise the file's lock-timeout header, ";
        }
        if (ServerError.QUERY_CANCELED.equals(error.sqlState()) && error.message().contains("user request")) {
            return "The statement was cancelled (the migrator was asked to stop, or someone ran pg_cancel_backend): "
                    + "nothing is wrong with it; ";
        }
        if (ServerError.QUERY_CANCELED.equals(error.sqlState()) && timeouts.statementTimeout() != null) {
            return "It ran longer than statement_timeout (" + timeouts.statementTimeout()
                    + "): raise the file's statement-timeout header, ";
        }
        if (!indexDropped && statement != null && statement.nonTransactionalReason() != null
                && statement.nonTransactionalReason().contains("INDEX CONCURRENTLY")) {
            return "If it left an INVALID index behind, the next attempt of the unchanged file drops it before building "
                    + "the index again; fix the statement, ";
        }
        return "Fix the statement" + ((error.location() != null) ? " at " + error.location() : "") + ", ";
    }
}
