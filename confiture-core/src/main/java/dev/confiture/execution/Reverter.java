package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.jdbc.Elapsed;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.jdbc.ServerError;
import dev.confiture.jdbc.TimeoutSettings;
import dev.confiture.lock.LockLostException;
import dev.confiture.migration.Checksums;
import dev.confiture.migration.Migration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.sql.SqlStatement;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.LastAttempt;
import java.sql.Connection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reverts one applied migration with its down script. A transactional down runs in one transaction together with
 * the removal of the tracking row and the rollback event. A non-transactional one runs step by step with its
 * progress recorded, as an up does, then removes the row; when it fails part way, the message lists what already
 * ran, and the next down of the unchanged file resumes at the failed statement. A failed down leaves the migration
 * applied, with a failed rollback event that makes it rollback-pending.
 */
final class Reverter {

    private final Bookkeeping bookkeeping;

    private final ScriptPlanner planner;

    private final StepRunner steps;

    Reverter(Bookkeeping bookkeeping, ScriptPlanner planner, StepRunner steps) {
        this.bookkeeping = bookkeeping;
        this.planner = planner;
        this.steps = steps;
    }

    /** @return the runner on the run's connection, which callbacks share */
    StepRunner steps() {
        return steps;
    }

    /**
     * Refuses, before anything runs, when any of the migrations has no down.
     * @param migrations the migrations to revert
     * @param why what needs the downs, for the message
     */
    static void requireDowns(List<ResolvedMigration> migrations, String why) {
        List<String> missing = migrations.stream().filter(migration -> !migration.reversible())
                .map(migration -> (migration.up() != null) ? migration.source() + " has no "
                        + migration.slug() + ".down.sql next to it" : migration.source() + " is not reversible")
                .toList();
        if (!missing.isEmpty()) {
            throw new ConfitureException(ErrorCode.DOWN_MISSING, why + ", but " + String.join("; ", missing),
                    "Write the down script(s) (or implement reversible() and down() in the Java migration); nothing was "
                            + "changed");
        }
    }

    /**
     * @param rowVersion the version text of the tracking row to remove
     * @param lastAttempt the migration's open lifecycle event, if any: a failed down of the same file is resumed
     * @throws RevertFailure when the down fails
     * @throws LockLostException when the run lost the lock
     */
    RevertedMigration revert(ResolvedMigration migration, String rowVersion, @Nullable LastAttempt lastAttempt) {
        ExecutionPlan plan = planner.planDown(migration);
        try {
            return plan.transactional() ? revertInTransaction(migration, plan, rowVersion)
                    : revertStepByStep(migration, plan, rowVersion, lastAttempt);
        }
        finally {
            steps.discardLeftovers();
        }
    }

    private RevertedMigration revertInTransaction(ResolvedMigration migration, ExecutionPlan plan, String rowVersion) {
        Connection connection = steps.connection();
        TimeoutSettings timeouts = TimeoutSettings.of(bookkeeping.configuration(), migration.metadata());
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        SqlStatement current = null;
        Map<String, Object> details = details(migration, plan, steps.journal().newId());
        try {
            connection.setAutoCommit(false);
            Jdbc.applyTimeouts(connection, timeouts, true);
            Migration java = migration.java();
            if (java != null) {
                java.down(connection);
            }
            for (SqlStatement statement : plan.statements()) {
                current = statement;
                Jdbc.execute(connection, statement);
            }
            current = null;
            long elapsedMs = Elapsed.millisSince(start);
            steps.journal().commit(connection, steps.session().restoreSql() + steps.lock().guardSql(),
                    bookkeeping.trackingTable().deletion(rowVersion), steps.event(migration, EventKind.ROLLBACK,
                            EventStatus.SUCCEEDED, startedAt, Instant.now(), null, details), null);
            return new RevertedMigration(migration.id(), migration.version().text(), migration.name(), migration.slug(),
                    elapsedMs, true);
        }
        catch (Exception ex) {
            steps.rollBack();
            LockLostException lost = (ex instanceof LockLostException loss) ? loss
                    : steps.lock().lostBy(ex, "the commit of the down of " + migration.slug());
            if (lost != null) {
                details.put("code", ErrorCode.LOCK_LOST.name());
                recordFailure(migration, startedAt, lost.getMessage(), details);
                throw lost;
            }
            ServerError error = ServerError.of(ex, current, source(migration));
            if (current != null) {
                details.put("statement", current.index());
                details.put("line", current.line());
            }
            recordFailure(migration, startedAt, error.describe(), details);
            throw new RevertFailure(migration, error, plan, current, Set.of(), ex);
        }
        finally {
            Jdbc.restoreAutoCommit(connection);
        }
    }

    private RevertedMigration revertStepByStep(ResolvedMigration migration, ExecutionPlan plan, String rowVersion,
            @Nullable LastAttempt lastAttempt) {
        try {
            StepRunner.Outcome outcome = steps.runStepByStep(migration, source(migration), plan,
                    StepRunner.Direction.DOWN, downChecksum(migration), lastAttempt, (prefix, event) -> steps.journal()
                            .commit(steps.connection(), prefix, bookkeeping.trackingTable().deletion(rowVersion), event,
                                    null));
            return new RevertedMigration(migration.id(), migration.version().text(), migration.name(), migration.slug(),
                    outcome.elapsedMs(), false);
        }
        catch (StepRunner.Failure failure) {
            throw new RevertFailure(migration, failure.error(), plan, failure.statement(), failure.completed(),
                    failure.failure());
        }
    }

    private void recordFailure(ResolvedMigration migration, Instant startedAt, String error, Map<String, Object> details) {
        steps.recordQuietly(steps.event(migration, EventKind.ROLLBACK, EventStatus.FAILED, startedAt, Instant.now(), error,
                details));
    }

    private static Map<String, Object> details(ResolvedMigration migration, ExecutionPlan plan, UUID attemptId) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attempt_id", attemptId.toString());
        details.put("transactional", plan.transactional());
        details.put("checksum", downChecksum(migration));
        details.put("statements", plan.fileStatements());
        return details;
    }

    private static @Nullable String downChecksum(ResolvedMigration migration) {
        return (migration.down() != null) ? Checksums.sha256Hex(migration.down().bytes()) : null;
    }

    static String source(ResolvedMigration migration) {
        return (migration.down() != null) ? migration.down().description() : migration.source();
    }

    /**
     * A down failed; carries what the server said, where, and which statements of the down already ran.
     */
    static final class RevertFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient ResolvedMigration migration;

        private final transient ServerError error;

        private final String ran;

        RevertFailure(ResolvedMigration migration, ServerError error, ExecutionPlan plan, @Nullable SqlStatement failed,
                Set<Integer> completed, Throwable cause) {
            super(error.describe(), cause);
            this.migration = migration;
            this.error = error;
            String at = (failed != null) ? " at statement " + failed.index() + " of " + plan.fileStatements() + " ("
                    + failed.summary() + ")" : "";
            this.ran = at + ": " + error.describe() + ". " + (plan.transactional()
                    ? "Nothing of the down ran: its transaction was rolled back"
                    : (completed.isEmpty() ? "No statement of the down completed"
                            : "Statements " + completed + " of the down already ran and stay done")
                            + " (it runs statement by statement because " + plan.nonTransactionalReason()
                            + "); run down again and it resumes at the failed statement (keep the statements that completed as they are)");
        }

        ResolvedMigration migration() {
            return migration;
        }

        ServerError error() {
            return error;
        }

        /**
         * @return where it failed, what the server said and what already ran, e.g. {@code " at statement 2 of 3
         * (DROP ...): ... Statements [1] of the down already ran ..."}
         */
        String ran() {
            return ran;
        }
    }
}
