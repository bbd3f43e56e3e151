package dev.confiture.execution;

import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationExecution;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.jdbc.Elapsed;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.jdbc.ServerError;
import dev.confiture.jdbc.TimeoutSettings;
import dev.confiture.lock.LockLostException;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.Migration;
import dev.confiture.migration.RepeatableMigration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.sql.SqlStatement;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.LastAttempt;
import dev.confiture.tracking.MigrationEvent;
import dev.confiture.tracking.RepeatableTable;
import dev.confiture.tracking.TrackingTable;
import java.sql.Connection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Applies one migration on the run's connection. A transactional migration runs in one transaction together with
 * its tracking row and success event, committed only while the run holds the lock ({@link MigrationLock#guardSql()}
 * in the same batch), so it is either applied and recorded or not at all. A non-transactional one runs step by step
 * ({@link StepRunner}).
 */
final class MigrationExecutor {

    private final ConfitureConfiguration configuration;

    private final TrackingTable trackingTable;

    private final StepRunner steps;

    private final MigrationLock lock;

    private final Connection connection;

    /** What a transactional migration's commit batch starts with ({@link DeferredDurability#commitSql()}). */
    private final String commitSql;

    /** What the leftovers query found in the last migration's commit, when it ran there. */
    private @Nullable List<@Nullable String> leftovers;

    MigrationExecutor(ConfitureConfiguration configuration, TrackingTable trackingTable, StepRunner steps,
            String commitSql) {
        this.configuration = configuration;
        this.commitSql = commitSql;
        this.trackingTable = trackingTable;
        this.steps = steps;
        this.lock = steps.lock();
        this.connection = steps.connection();
    }

    MigrationExecution apply(ResolvedMigration migration, ExecutionPlan plan, @Nullable LastAttempt lastAttempt) {
        leftovers = null;
        try {
            return plan.transactional() ? applyInTransaction(migration, plan) : applyStepByStep(migration, plan, lastAttempt);
        }
        finally {
            steps.discardLeftovers(leftovers);
        }
    }

    private MigrationExecution applyInTransaction(ResolvedMigration migration, ExecutionPlan plan) {
        UUID attemptId = steps.journal().newId();
        Instant startedAt = Instant.now();
        TimeoutSettings timeouts = TimeoutSettings.of(configuration, migration.metadata());
        // a streamed file's statements from there on run alone, to name the one a failed batch held
        int aloneFrom = Integer.MAX_VALUE;
        for (int retries = 0;; retries++) {
            long start = System.nanoTime();
            SqlStatement current = null;
            int unlocatedFrom = -1;
            boolean committing = false;
            try {
                connection.setAutoCommit(false);
                String timeoutCommands = (migration.java() == null && plan.sentStatements() > 0)
                        ? Jdbc.setLocalTimeouts(connection, timeouts) : null;
                if (timeoutCommands == null) {
                    Jdbc.applyTimeouts(connection, timeouts, true);
                }
                Migration java = migration.java();
                if (java != null) {
                    java.up(connection);
                }
                else if (plan.streamed() != null) {
                    // read as it runs, a bounded batch of statements held at a time; the end of the file checks its
                    // checksum
                    StatementBatch batch = new StatementBatch(connection, aloneFrom);
                    try (StreamedScript.Statements statements = plan.streamed().open()) {
                        for (SqlStatement statement = statements.next(); statement != null;
                                statement = statements.next()) {
                            current = statement;
                            if (timeoutCommands != null) {
                                Jdbc.execute(connection, statement, timeoutCommands);
                                timeoutCommands = null;
                            }
                            else {
                                batch.execute(statement);
                            }
                            // a failure of the next read (the file changed, cannot be read) is not this statement's:
                            // a failing batch names its own statement (batch.failed())
                            current = null;
                        }
                        current = null;
                        batch.flush();
                    }
                    catch (java.sql.SQLException ex) {
                        SqlStatement failed = batch.failed();
                        current = (failed != null) ? failed : current;
                        unlocatedFrom = batch.unlocatedFrom();
                        throw ex;
                    }
                    finally {
                        batch.close();
                    }
                }
                else {
                    for (SqlStatement statement : plan.statements()) {
                        current = statement;
                        Jdbc.execute(connection, statement, timeoutCommands);
                        timeoutCommands = null;
                    }
                    current = null;
                }
                long elapsedMs = Elapsed.millisSince(start);
                committing = true;
                // what the migration left in the session is looked for in the same round trip, after the commit
                leftovers = steps.journal().commit(connection, steps.session().restoreSql() + commitSql + lock.guardSql(),
                        trackingTable.insertion(newRow(migration, elapsedMs)), steps.event(migration, EventKind.MIGRATE,
                                EventStatus.SUCCEEDED, startedAt, Instant.now(), null, details(attemptId, migration, plan)),
                        steps.session().leftoversSql(), !commitSql.isEmpty());
                return new MigrationExecution(migration.id(), migration.version().text(), migration.name(),
                        migration.slug(), elapsedMs, true, plan.sentStatements(), 0, retries);
            }
            catch (Exception ex) {
                steps.rollBack();
                Map<String, Object> details = details(attemptId, migration, plan);
                LockLostException lost = (ex instanceof LockLostException loss) ? loss
                        : lock.lostBy(ex, "the commit of " + migration.slug());
                if (lost != null) {
                    details.put("code", ErrorCode.LOCK_LOST.name());
                    steps.recordQuietly(steps.event(migration, EventKind.MIGRATE, EventStatus.FAILED, startedAt,
                            Instant.now(), lost.getMessage(), details));
                    throw lost;
                }
                ServerError error = ServerError.of(ex, current, migration.source());
                if (unlocatedFrom >= 0 && unlocatedFrom < aloneFrom && !error.isConnectionLost()
                        && !ServerError.QUERY_CANCELED.equals(error.sqlState())) {
                    // rolled back: run it again, the failed batch's statements (and those after) alone, which names
                    // the failing one with its own position; always earlier than before, so this ends. Not after a
                    // cancel (a stop request, statement_timeout: running it again would not stop, or wait as long
                    // again) nor a lost connection
                    aloneFrom = unlocatedFrom;
                    retries--;
                    continue;
                }
                if (error.isLockTimeout() && retries < configuration.timeouts().lockTimeoutRetries() && StepRunner.pauseBeforeRetry(
                        migration.slug(), retries, configuration.timeouts().lockTimeoutRetries(), error.message())) {
                    continue;
                }
                if (current != null) {
                    details.put("statement", current.index());
                    details.put("line", (error.location() != null) ? error.location().line() : current.line());
                }
                details.put("sqlstate", error.sqlState());
                details.put("lock_timeout_retries", retries);
                steps.recordQuietly(steps.event(migration, EventKind.MIGRATE, EventStatus.FAILED, startedAt, Instant.now(),
                        error.describe(), details));
                throw Failures.transactional(migration, plan, current, committing, error, retries, timeouts, ex);
            }
            finally {
                Jdbc.restoreAutoCommit(connection);
            }
        }
    }

    /**
     * Applies a repeatable migration in one transaction together with its record and success event, behind the lock
     * guard, retried on lock_timeout as a versioned migration is.
     * @return how long it ran
     * @throws MigrationFailedException when it fails (recorded; nothing of it applied)
     * @throws LockLostException when the run lost the lock
     */
    long applyRepeatable(RepeatableMigration repeatable, ExecutionPlan plan, RepeatableTable table) {
        UUID attemptId = steps.journal().newId();
        Instant startedAt = Instant.now();
        TimeoutSettings timeouts = TimeoutSettings.of(configuration, repeatable.metadata());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attempt_id", attemptId.toString());
        details.put("checksum", repeatable.checksum());
        details.put("statements", plan.fileStatements());
        leftovers = null;
        try {
            for (int retries = 0;; retries++) {
                long start = System.nanoTime();
                SqlStatement current = null;
                boolean committing = false;
                try {
                    connection.setAutoCommit(false);
                    String timeoutCommands = plan.statements().isEmpty() ? null : Jdbc.setLocalTimeouts(connection, timeouts);
                    for (SqlStatement statement : plan.statements()) {
                        current = statement;
                        Jdbc.execute(connection, statement, timeoutCommands);
                        timeoutCommands = null;
                    }
                    current = null;
                    long elapsedMs = Elapsed.millisSince(start);
                    committing = true;
                    leftovers = steps.journal().commit(connection, steps.session().restoreSql() + lock.guardSql(),
                            table.upsertion(repeatable.name(), repeatable.checksum(),
                                    (int) Math.min(elapsedMs, Integer.MAX_VALUE), configuration.events().appliedBy()),
                            steps.journal().event(repeatable, EventStatus.SUCCEEDED, startedAt, Instant.now(), null,
                                    details), steps.session().leftoversSql());
                    return elapsedMs;
                }
                catch (Exception ex) {
                    steps.rollBack();
                    Map<String, Object> failed = new LinkedHashMap<>(details);
                    LockLostException lost = (ex instanceof LockLostException loss) ? loss
                            : lock.lostBy(ex, "the commit of " + repeatable.slug());
                    if (lost != null) {
                        failed.put("code", ErrorCode.LOCK_LOST.name());
                        steps.recordQuietly(steps.journal().event(repeatable, EventStatus.FAILED, startedAt,
                                Instant.now(), lost.getMessage(), failed));
                        throw lost;
                    }
                    ServerError error = ServerError.of(ex, current, repeatable.source());
                    if (error.isLockTimeout() && retries < configuration.timeouts().lockTimeoutRetries()
                            && StepRunner.pauseBeforeRetry(repeatable.slug(), retries,
                                    configuration.timeouts().lockTimeoutRetries(), error.message())) {
                        continue;
                    }
                    if (current != null) {
                        failed.put("statement", current.index());
                        failed.put("line", (error.location() != null) ? error.location().line() : current.line());
                    }
                    failed.put("sqlstate", error.sqlState());
                    steps.recordQuietly(steps.journal().event(repeatable, EventStatus.FAILED, startedAt, Instant.now(),
                            error.describe(), failed));
                    throw Failures.repeatable(repeatable, plan, current, committing, error, retries, timeouts, ex);
                }
                finally {
                    Jdbc.restoreAutoCommit(connection);
                }
            }
        }
        finally {
            steps.discardLeftovers(leftovers);
        }
    }

    private MigrationExecution applyStepByStep(ResolvedMigration migration, ExecutionPlan plan,
            @Nullable LastAttempt lastAttempt) {
        try {
            StepRunner.Outcome outcome = steps.runStepByStep(migration, migration.source(), plan, StepRunner.Direction.UP,
                    migration.checksum(), lastAttempt, (prefix, event) -> steps.journal().commit(connection, prefix,
                            trackingTable.insertion(newRow(migration, elapsed(event))), event, null));
            return new MigrationExecution(migration.id(), migration.version().text(), migration.name(), migration.slug(),
                    outcome.elapsedMs(), false, outcome.statements(), outcome.resumed(), 0);
        }
        catch (StepRunner.Failure failure) {
            throw Failures.nonTransactional(migration, plan, failure.statement(), failure.completed(), failure.error(),
                    TimeoutSettings.of(configuration, migration.metadata()), failure.droppedIndexes(), failure.failure());
        }
    }

    private TrackingTable.NewRow newRow(ResolvedMigration migration, long elapsedMs) {
        return new TrackingTable.NewRow(migration.id(), migration.slug(), migration.version().text(), migration.name(),
                (int) Math.min(elapsedMs, Integer.MAX_VALUE), migration.checksum(), configuration.events().appliedBy());
    }

    private static long elapsed(MigrationEvent event) {
        return (event.durationMs() != null) ? event.durationMs() : 0;
    }

    private static Map<String, Object> details(UUID attemptId, ResolvedMigration migration, ExecutionPlan plan) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attempt_id", attemptId.toString());
        details.put("transactional", plan.transactional());
        details.put("checksum", migration.checksum());
        return details;
    }
}
