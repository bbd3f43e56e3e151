package dev.confiture.execution;

import dev.confiture.ConfitureConfiguration;
import dev.confiture.SourceLocation;
import dev.confiture.migration.Migration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.sql.SqlStatement;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.LastAttempt;
import dev.confiture.tracking.MigrationEvent;
import dev.confiture.tracking.TrackingTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one migration. A transactional migration runs in one transaction together with its
 * tracking row and success event, so it is either applied and recorded or not at all. A
 * non-transactional one runs statement by statement in autocommit; each completed statement is an
 * event, so a failure says what already ran and the next attempt of the unchanged file resumes
 * after it.
 */
final class MigrationExecutor {

    private static final Logger logger = LoggerFactory.getLogger(MigrationExecutor.class);

    private static final long FIRST_RETRY_PAUSE_MS = 500;

    private final ConfitureConfiguration configuration;

    private final TrackingTable trackingTable;

    private final EventLog eventLog;

    private final Connection eventConnection;

    private final UUID runId;

    /**
     * @param eventConnection an autocommit connection for events that must outlive a rolled-back
     * migration (the lock connection)
     */
    MigrationExecutor(ConfitureConfiguration configuration, TrackingTable trackingTable, EventLog eventLog,
            Connection eventConnection, UUID runId) {
        this.configuration = configuration;
        this.trackingTable = trackingTable;
        this.eventLog = eventLog;
        this.eventConnection = eventConnection;
        this.runId = runId;
    }

    MigrationExecution apply(Connection connection, ResolvedMigration migration, ExecutionPlan plan,
            @Nullable LastAttempt lastAttempt) {
        return plan.transactional() ? applyInTransaction(connection, migration, plan)
                : applyStatementByStatement(connection, migration, plan, lastAttempt);
    }

    private MigrationExecution applyInTransaction(Connection connection, ResolvedMigration migration, ExecutionPlan plan) {
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
                long elapsedMs = elapsedMs(start);
                recordAndCommit(connection, migration, startedAt, elapsedMs, details(attemptId, migration, plan));
                eventLog.committed(connection);
                return new MigrationExecution(migration.id(), migration.version().text(), migration.name(),
                        migration.slug(), elapsedMs, true, plan.statements().size(), 0, retries);
            }
            catch (Exception ex) {
                Jdbc.rollbackQuietly(connection);
                eventLog.rolledBack(connection);
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
                recordFailure(migration, attemptId, startedAt, error, details);
                throw Failures.transactional(migration, plan, current, error, retries, timeouts, ex);
            }
            finally {
                Jdbc.restoreAutoCommit(connection);
            }
        }
    }

    private MigrationExecution applyStatementByStatement(Connection connection, ResolvedMigration migration,
            ExecutionPlan plan, @Nullable LastAttempt lastAttempt) {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        int total = plan.statements().size();
        boolean resume = lastAttempt != null && lastAttempt.unfinished() && !lastAttempt.transactional()
                && Objects.equals(lastAttempt.checksum(), migration.checksum()) && lastAttempt.statementCount() == total;
        UUID attemptId = resume ? lastAttempt.attemptId() : UUID.randomUUID();
        Set<Integer> completed = new TreeSet<>(resume ? completedStatements(attemptId) : Set.of());
        int resumed = completed.size();
        if (resumed > 0) {
            logger.info("Resuming {} after statements {} of {}, which completed in an earlier attempt of the same file",
                    migration.slug(), completed, total);
        }
        Map<String, Object> details = details(attemptId, migration, plan);
        details.put("statements", total);
        appendQuietly(event(migration, EventKind.MIGRATE, EventStatus.STARTED, startedAt, null, null, details));
        TimeoutSettings timeouts = TimeoutSettings.of(configuration, migration.metadata());
        SqlStatement current = null;
        try {
            Jdbc.applyTimeouts(connection, timeouts, false);
            for (SqlStatement statement : plan.statements()) {
                if (completed.contains(statement.index())) {
                    continue;
                }
                current = statement;
                if (resume && statement.nonTransactionalReason() != null) {
                    InvalidIndexes.dropLeftoverOf(connection, statement, migration.slug());
                }
                runWithProgress(connection, migration, attemptId, statement);
                completed.add(statement.index());
            }
            current = null;
            long elapsedMs = elapsedMs(start);
            details.put("completed_statements", total);
            connection.setAutoCommit(false);
            recordAndCommit(connection, migration, startedAt, elapsedMs, details);
            eventLog.committed(connection);
            return new MigrationExecution(migration.id(), migration.version().text(), migration.name(), migration.slug(),
                    elapsedMs, false, total - resumed, resumed, 0);
        }
        catch (Exception ex) {
            Jdbc.rollbackQuietly(connection);
            eventLog.rolledBack(connection);
            ServerError error = ServerError.of(ex, current, migration.source());
            details.put("completed_statements", completed.size());
            if (current != null) {
                details.put("statement", current.index());
                details.put("line", lineOf(error.location(), current));
            }
            details.put("sqlstate", error.sqlState());
            recordFailure(migration, attemptId, startedAt, error, details);
            throw Failures.nonTransactional(migration, plan, current, completed, error, timeouts, ex);
        }
        finally {
            Jdbc.resetTimeouts(connection, timeouts);
            Jdbc.restoreAutoCommit(connection);
        }
    }

    /**
     * Runs one statement of a non-transactional migration and records its progress. A statement that
     * may run in a transaction commits together with its progress event, so a crash can never leave
     * it done but unrecorded (a resumed attempt would run it twice). Statements PostgreSQL refuses in
     * a transaction block run in autocommit with the event right after; for those a crash in between
     * cannot be told apart, which is why such statements should be idempotent
     * ({@code CREATE INDEX CONCURRENTLY IF NOT EXISTS}).
     */
    private void runWithProgress(Connection connection, ResolvedMigration migration, UUID attemptId,
            SqlStatement statement) throws SQLException {
        Instant statementStart = Instant.now();
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("attempt_id", attemptId.toString());
        progress.put("statement", statement.index());
        progress.put("line", statement.line());
        if (statement.nonTransactionalReason() != null) {
            Jdbc.execute(connection, statement);
            eventLog.append(eventConnection, event(migration, EventKind.STATEMENT, EventStatus.SUCCEEDED, statementStart,
                    Instant.now(), null, progress));
            return;
        }
        connection.setAutoCommit(false);
        Jdbc.execute(connection, statement);
        eventLog.append(connection, event(migration, EventKind.STATEMENT, EventStatus.SUCCEEDED, statementStart,
                Instant.now(), null, progress));
        connection.commit();
        eventLog.committed(connection);
        connection.setAutoCommit(true);
    }

    /**
     * Writes the tracking row and the success event and commits, in one round trip.
     */
    private void recordAndCommit(Connection connection, ResolvedMigration migration, Instant startedAt, long elapsedMs,
            Map<String, Object> details) throws SQLException {
        trackingTable.insertAndCommit(connection, new TrackingTable.NewRow(migration.id(), migration.slug(),
                migration.version().text(), migration.name(), (int) Math.min(elapsedMs, Integer.MAX_VALUE),
                migration.checksum(), configuration.appliedBy()), eventLog,
                event(migration, EventKind.MIGRATE, EventStatus.SUCCEEDED, startedAt, Instant.now(), null, details));
    }

    private void recordFailure(ResolvedMigration migration, UUID attemptId, Instant startedAt, ServerError error,
            Map<String, Object> details) {
        appendQuietly(event(migration, EventKind.MIGRATE, EventStatus.FAILED, startedAt, Instant.now(), error.describe(),
                details));
    }

    private MigrationEvent event(ResolvedMigration migration, EventKind kind, EventStatus status, Instant startedAt,
            @Nullable Instant finishedAt, @Nullable String error, Map<String, Object> details) {
        Long duration = (finishedAt != null) ? Duration.between(startedAt, finishedAt).toMillis() : null;
        return new MigrationEvent(UUID.randomUUID(), runId, migration.id(), migration.version().text(), migration.slug(),
                kind, status, startedAt, finishedAt, duration, error, new LinkedHashMap<>(details));
    }

    private void appendQuietly(MigrationEvent event) {
        try {
            eventLog.append(eventConnection, event);
        }
        catch (SQLException ex) {
            logger.warn("Could not record {} event of {} in {}: {}", event.status().value(), event.slug(),
                    eventLog.name().display(), ex.getMessage());
        }
    }

    private Set<Integer> completedStatements(UUID attemptId) {
        try {
            return eventLog.completedStatements(eventConnection, attemptId);
        }
        catch (SQLException ex) {
            logger.warn("Could not read the progress of the earlier attempt {}; starting from statement 1: {}",
                    attemptId, ex.getMessage());
            return Set.of();
        }
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
