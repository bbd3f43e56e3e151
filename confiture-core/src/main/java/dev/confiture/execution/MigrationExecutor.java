package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.MigrationExecution;
import dev.confiture.api.SourceLocation;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.jdbc.TimeoutSettings;
import dev.confiture.lock.LockLostException;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.Migration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.sql.SqlStatement;
import dev.confiture.sql.TransactionControl;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.LastAttempt;
import dev.confiture.tracking.MigrationEvent;
import dev.confiture.tracking.TrackingTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one migration on the run's connection. A transactional migration runs in one transaction together with
 * its tracking row and success event, so it is either applied and recorded or not at all. A non-transactional one
 * runs step by step (a statement, or a transaction block the file opens itself); each completed step is recorded,
 * so a failure says what already ran and the next attempt of the unchanged file resumes after it.
 *
 * <p>Before every step of a non-transactional migration and before the commit of a transactional one, the executor
 * checks that the run still holds the migration lock ({@link MigrationLock#requireHeld}); every migration starts
 * from the session state the run found ({@link SessionState}), and its bookkeeping runs in that state.
 */
final class MigrationExecutor {

    private static final Logger logger = LoggerFactory.getLogger(MigrationExecutor.class);

    private static final long FIRST_RETRY_PAUSE_MS = 500;

    private final ConfitureConfiguration configuration;

    private final TrackingTable trackingTable;

    private final EventLog eventLog;

    private final StepRunner steps;

    private final MigrationLock lock;

    private final Connection connection;

    private final RunningAttempts runningAttempts;

    MigrationExecutor(ConfitureConfiguration configuration, TrackingTable trackingTable, StepRunner steps,
            RunningAttempts runningAttempts) {
        this.configuration = configuration;
        this.trackingTable = trackingTable;
        this.eventLog = steps.eventLog();
        this.steps = steps;
        this.lock = steps.lock();
        this.connection = steps.connection();
        this.runningAttempts = runningAttempts;
    }

    MigrationExecution apply(ResolvedMigration migration, ExecutionPlan plan, @Nullable LastAttempt lastAttempt) {
        return plan.transactional() ? applyInTransaction(migration, plan)
                : applyStepByStep(migration, plan, lastAttempt);
    }

    private MigrationExecution applyInTransaction(ResolvedMigration migration, ExecutionPlan plan) {
        UUID attemptId = UUID.randomUUID();
        Instant startedAt = Instant.now();
        TimeoutSettings timeouts = TimeoutSettings.of(configuration, migration.metadata());
        for (int retries = 0;; retries++) {
            long start = System.nanoTime();
            SqlStatement current = null;
            try {
                connection.setAutoCommit(false);
                String timeoutCommands = (migration.java() == null && !plan.statements().isEmpty())
                        ? Jdbc.setLocalTimeouts(connection, timeouts) : null;
                if (timeoutCommands == null) {
                    Jdbc.applyTimeouts(connection, timeouts, true);
                }
                if (migration.java() != null) {
                    runJava(connection, migration.java());
                }
                else {
                    for (SqlStatement statement : plan.statements()) {
                        current = statement;
                        Jdbc.execute(connection, statement, timeoutCommands);
                        timeoutCommands = null;
                    }
                    current = null;
                }
                lock.requireHeld("the commit of " + migration.slug());
                long elapsedMs = elapsedMs(start);
                recordAndCommit(migration, startedAt, elapsedMs, details(attemptId, migration, plan));
                return new MigrationExecution(migration.id(), migration.version().text(), migration.name(),
                        migration.slug(), elapsedMs, true, plan.statements().size(), 0, retries);
            }
            catch (LockLostException ex) {
                steps.rollBack();
                recordLockLost(migration, startedAt, details(attemptId, migration, plan), ex);
                throw ex;
            }
            catch (Exception ex) {
                steps.rollBack();
                ServerError error = ServerError.of(ex, current, migration.source());
                if (error.isLockTimeout() && retries < configuration.lockTimeoutRetries()
                        && pauseBeforeRetry(migration, retries, error)) {
                    continue;
                }
                Map<String, Object> details = details(attemptId, migration, plan);
                if (current != null) {
                    details.put("statement", current.index());
                    details.put("line", lineOf(error.location(), current));
                }
                details.put("sqlstate", error.sqlState());
                details.put("lock_timeout_retries", retries);
                recordFailure(migration, startedAt, error.describe(), details);
                throw Failures.transactional(migration, plan, current, error, retries, timeouts, ex);
            }
            finally {
                Jdbc.restoreAutoCommit(connection);
            }
        }
    }

    private MigrationExecution applyStepByStep(ResolvedMigration migration, ExecutionPlan plan,
            @Nullable LastAttempt lastAttempt) {
        if (lastAttempt != null && lastAttempt.neverEnded()) {
            runningAttempts.awaitEnd(connection, migration.slug(), lastAttempt);
        }
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        int total = plan.fileStatements();
        boolean resume = lastAttempt != null && lastAttempt.unfinished() && !lastAttempt.transactional()
                && Objects.equals(lastAttempt.checksum(), migration.checksum()) && lastAttempt.statementCount() == total;
        UUID attemptId = resume ? lastAttempt.attemptId() : UUID.randomUUID();
        StepRunner.Progress progress = new StepRunner.Progress(resume ? steps.completedStatements(attemptId) : Set.of());
        int resumed = progress.completed.size();
        if (resumed > 0) {
            logger.info("Resuming {} after statements {} of {}, which completed in an earlier attempt of the same file",
                    migration.slug(), progress.completed, total);
        }
        Map<String, Object> details = details(attemptId, migration, plan);
        details.put("statements", total);
        details.putAll(runningAttempts.backendDetails());
        steps.appendQuietly(steps.event(migration, EventKind.MIGRATE, EventStatus.STARTED, startedAt, null, null, details));
        TimeoutSettings timeouts = TimeoutSettings.of(configuration, migration.metadata());
        try {
            Jdbc.applyTimeouts(connection, timeouts, false);
            steps.runSteps(migration, migration.source(), plan, attemptId, resume, progress);
            lock.requireHeld("the commit of " + migration.slug());
            long elapsedMs = elapsedMs(start);
            details.put("completed_statements", total);
            connection.setAutoCommit(false);
            recordAndCommit(migration, startedAt, elapsedMs, details);
            return new MigrationExecution(migration.id(), migration.version().text(), migration.name(), migration.slug(),
                    elapsedMs, false, total - resumed, resumed, 0);
        }
        catch (LockLostException ex) {
            steps.cleanUpAfterFailure(migration, attemptId, progress);
            details.put("completed_statements", progress.completed.size());
            recordLockLost(migration, startedAt, details, ex);
            throw ex;
        }
        catch (Exception ex) {
            steps.cleanUpAfterFailure(migration, attemptId, progress);
            SqlStatement current = progress.current;
            ServerError error = ServerError.of(ex, current, migration.source());
            details.put("completed_statements", progress.completed.size());
            if (current != null) {
                details.put("statement", current.index());
                details.put("line", lineOf(error.location(), current));
            }
            details.put("sqlstate", error.sqlState());
            if (!progress.droppedIndexes.isEmpty()) {
                details.put("dropped_invalid_indexes", progress.droppedIndexes);
            }
            recordFailure(migration, startedAt, error.describe(), details);
            throw Failures.nonTransactional(migration, plan, current, progress.completed, error, timeouts,
                    progress.droppedIndexes, ex);
        }
        finally {
            Jdbc.restoreAutoCommit(connection);
        }
    }

    /**
     * Writes the tracking row and the success event and commits, in one round trip, after putting back the
     * session state the migration may have changed, so the bookkeeping runs as the run's role and the next
     * migration starts from the same state.
     */
    private void recordAndCommit(ResolvedMigration migration, Instant startedAt, long elapsedMs,
            Map<String, Object> details) throws SQLException {
        trackingTable.insertAndCommit(connection, steps.session().restoreSql(), new TrackingTable.NewRow(migration.id(),
                migration.slug(), migration.version().text(), migration.name(), (int) Math.min(elapsedMs, Integer.MAX_VALUE),
                migration.checksum(), configuration.appliedBy()), eventLog,
                steps.event(migration, EventKind.MIGRATE, EventStatus.SUCCEEDED, startedAt, Instant.now(), null, details));
    }

    private void recordFailure(ResolvedMigration migration, Instant startedAt, String error, Map<String, Object> details) {
        steps.appendQuietly(steps.event(migration, EventKind.MIGRATE, EventStatus.FAILED, startedAt, Instant.now(), error,
                details));
    }

    private void recordLockLost(ResolvedMigration migration, Instant startedAt, Map<String, Object> details,
            ConfitureException lost) {
        details.put("code", lost.code().name());
        recordFailure(migration, startedAt, lost.getMessage(), details);
    }

    private static Map<String, Object> details(UUID attemptId, ResolvedMigration migration, ExecutionPlan plan) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attempt_id", attemptId.toString());
        details.put("transactional", plan.transactional());
        details.put("checksum", migration.checksum());
        return details;
    }

    private static void runJava(Connection connection, Migration migration) throws Exception {
        migration.up(connection);
    }

    /**
     * Waits before retrying, doubling the pause each time.
     * @return false when interrupted: then the migration fails instead of retrying
     */
    private boolean pauseBeforeRetry(ResolvedMigration migration, int retries, ServerError error) {
        long pause = FIRST_RETRY_PAUSE_MS << retries;
        logger.warn("{} hit lock_timeout ({}); retry {} of {} in {} ms", migration.slug(), error.message(), retries + 1,
                configuration.lockTimeoutRetries(), pause);
        try {
            Thread.sleep(pause);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int lineOf(@Nullable SourceLocation location, SqlStatement statement) {
        return (location != null) ? location.line() : statement.line();
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
