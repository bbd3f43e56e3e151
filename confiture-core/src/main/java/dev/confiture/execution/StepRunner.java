package dev.confiture.execution;

import dev.confiture.jdbc.Jdbc;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.sql.SqlStatement;
import dev.confiture.sql.TransactionControl;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.MigrationEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What applying and reverting share on the run's connection: running a non-transactional script step by step with
 * its progress recorded (ups and downs alike, so both resume at the failed statement), checking the lock before
 * each step, keeping the bookkeeping independent of the migration's session state, building events and recording
 * them even when the run's connection is gone.
 */
final class StepRunner {

    private static final Logger logger = LoggerFactory.getLogger(StepRunner.class);

    private final DataSource dataSource;

    private final EventLog eventLog;

    private final MigrationLock lock;

    private final Connection connection;

    private final SessionState session;

    private final UUID runId;

    StepRunner(DataSource dataSource, EventLog eventLog, MigrationLock lock, SessionState session, UUID runId) {
        this.dataSource = dataSource;
        this.eventLog = eventLog;
        this.lock = lock;
        this.connection = lock.connection();
        this.session = session;
        this.runId = runId;
    }

    Connection connection() {
        return connection;
    }

    MigrationLock lock() {
        return lock;
    }

    SessionState session() {
        return session;
    }

    EventLog eventLog() {
        return eventLog;
    }

    /**
     * Where a step-by-step script stands: the statements completed (in this attempt and the ones it resumes), the
     * step running now, and the INVALID indexes dropped on the way.
     */
    static final class Progress {

        final Set<Integer> completed;

        @Nullable SqlStatement current;

        final List<String> droppedIndexes = new ArrayList<>();

        Progress(Set<Integer> completed) {
            this.completed = new TreeSet<>(completed);
        }
    }

    /**
     * Runs every step of a non-transactional plan that is not completed yet, checking the lock before each.
     * @param resume whether this attempt continues an earlier one (then an index that attempt left INVALID is
     * dropped before its statement runs again)
     */
    void runSteps(ResolvedMigration migration, String source, ExecutionPlan plan, UUID attemptId, boolean resume,
            Progress progress) throws SQLException {
        for (List<SqlStatement> step : plan.steps()) {
            if (step.stream().allMatch(statement -> progress.completed.contains(statement.index()))) {
                continue;
            }
            progress.current = step.get(0);
            lock.requireHeld("statement " + step.get(0).index() + " of " + plan.fileStatements() + " of "
                    + (source.endsWith(".down.sql") ? "the down of " : "") + migration.slug());
            runStep(migration, source, attemptId, step, resume, progress);
            step.forEach(statement -> progress.completed.add(statement.index()));
        }
        progress.current = null;
    }

    /**
     * Runs one step and records it. A statement that may run in a transaction commits together with its progress
     * event, so a crash can never leave it done but unrecorded (a resumed attempt would run it twice); so does a
     * transaction block the file opens itself, whose own {@code COMMIT} commits its progress. Statements PostgreSQL
     * refuses in a transaction block run in autocommit with the event right after; for those a crash in between
     * cannot be told apart, which is why such statements should be idempotent
     * ({@code CREATE INDEX CONCURRENTLY IF NOT EXISTS}).
     */
    private void runStep(ResolvedMigration migration, String source, UUID attemptId, List<SqlStatement> step,
            boolean resume, Progress progress) throws SQLException {
        Instant stepStart = Instant.now();
        SqlStatement first = step.get(0);
        if (first.transactionControl() == TransactionControl.BEGIN) {
            runBlock(migration, attemptId, step, stepStart, progress);
            return;
        }
        if (first.nonTransactionalReason() != null) {
            if (resume) {
                List<Long> before = eventLog.invalidIndexesBefore(connection, attemptId, first.index());
                if (before != null) {
                    progress.droppedIndexes.addAll(InvalidIndexes.dropLeftovers(connection, before, migration.slug()));
                }
            }
            Map<String, Object> started = progress(attemptId, first);
            started.put("invalid_indexes_before", InvalidIndexes.now(connection));
            recordInOwnTransaction(List.of(event(migration, EventKind.STATEMENT, EventStatus.STARTED, stepStart, null,
                    null, started)));
            try (Statement jdbc = connection.createStatement()) {
                jdbc.setEscapeProcessing(false);
                jdbc.execute(first.sql());
                InvalidIndexes.refuseSkippedOverInvalid(connection, jdbc, migration.slug(), first.location(source));
            }
            connection.setAutoCommit(false);
        }
        else {
            connection.setAutoCommit(false);
            Jdbc.execute(connection, first);
        }
        eventLog.appendAndCommit(connection, session.bookkeepingSql(), List.of(event(migration, EventKind.STATEMENT,
                EventStatus.SUCCEEDED, stepStart, Instant.now(), null, progress(attemptId, first))));
        connection.setAutoCommit(true);
    }

    /**
     * Runs a block the file opens and ends itself, with its own {@code BEGIN} (and its options): its progress, every
     * statement of it, is recorded inside it and committed by its {@code COMMIT}, or after its {@code ROLLBACK}.
     */
    private void runBlock(ResolvedMigration migration, UUID attemptId, List<SqlStatement> block, Instant stepStart,
            Progress progress) throws SQLException {
        SqlStatement end = block.get(block.size() - 1);
        try {
            for (SqlStatement statement : block.subList(0, block.size() - 1)) {
                progress.current = statement;
                Jdbc.execute(connection, statement);
            }
            progress.current = end;
            List<MigrationEvent> done = block.stream().map(statement -> event(migration, EventKind.STATEMENT,
                    EventStatus.SUCCEEDED, stepStart, Instant.now(), null, progress(attemptId, statement))).toList();
            if (end.transactionControl() == TransactionControl.COMMIT) {
                // The block's own COMMIT (or END), sent after its progress: the same command appendAndCommit ends with.
                eventLog.appendAndCommit(connection, session.bookkeepingSql(), done);
            }
            else {
                Jdbc.execute(connection, end);
                recordInOwnTransaction(done);
            }
        }
        catch (SQLException | RuntimeException ex) {
            try (Statement rollback = connection.createStatement()) {
                rollback.execute("ROLLBACK");
            }
            catch (SQLException rollbackFailure) {
                ex.addSuppressed(rollbackFailure);
            }
            throw ex;
        }
    }

    /**
     * Records events between two statements of a non-transactional script, as the run's role whatever the script's
     * statements set.
     */
    private void recordInOwnTransaction(List<MigrationEvent> events) throws SQLException {
        connection.setAutoCommit(false);
        eventLog.appendAndCommit(connection, session.bookkeepingSql(), events);
        connection.setAutoCommit(true);
    }

    /**
     * After a step-by-step script failed: rolls back what is open, puts back the session state (what the script set
     * would stay set otherwise, and the failure event and the next migration would run in it) and drops an index
     * the failed step left INVALID.
     */
    void cleanUpAfterFailure(ResolvedMigration migration, UUID attemptId, Progress progress) {
        rollBack();
        try {
            Jdbc.restoreAutoCommit(connection);
            session.restore(connection);
        }
        catch (SQLException ex) {
            logger.debug("Could not restore the session state; the connection is probably broken", ex);
            return;
        }
        SqlStatement current = progress.current;
        if (current != null && current.nonTransactionalReason() != null) {
            try {
                List<Long> before = eventLog.invalidIndexesBefore(connection, attemptId, current.index());
                if (before != null) {
                    progress.droppedIndexes.addAll(InvalidIndexes.dropLeftovers(connection, before, migration.slug()));
                }
            }
            catch (SQLException ex) {
                logger.warn("{}: could not look for an index left INVALID by statement {}; the next attempt will: {}",
                        migration.slug(), current.index(), ex.getMessage());
            }
        }
    }

    /**
     * Rolls back what is open and puts the connection back in autocommit mode, where the failure's events are
     * recorded.
     */
    void rollBack() {
        Jdbc.rollbackQuietly(connection);
        eventLog.rolledBack(connection);
        Jdbc.restoreAutoCommit(connection);
    }

    /**
     * @return the statements an earlier attempt completed; none when they cannot be read
     */
    Set<Integer> completedStatements(UUID attemptId) {
        try {
            return eventLog.completedStatements(connection, attemptId);
        }
        catch (SQLException ex) {
            logger.warn("Could not read the progress of the earlier attempt {}; starting from statement 1: {}",
                    attemptId, ex.getMessage());
            return Set.of();
        }
    }

    MigrationEvent event(ResolvedMigration migration, EventKind kind, EventStatus status, Instant startedAt,
            @Nullable Instant finishedAt, @Nullable String error, Map<String, Object> details) {
        Long duration = (finishedAt != null) ? Duration.between(startedAt, finishedAt).toMillis() : null;
        return new MigrationEvent(UUID.randomUUID(), runId, migration.id(), migration.version().text(), migration.slug(),
                kind, status, startedAt, finishedAt, duration, error, new LinkedHashMap<>(details));
    }

    /**
     * Records an event on the run's connection; when that connection is lost (the failure being recorded may be
     * exactly that), on a connection of its own. A failure to record is logged, never thrown.
     */
    void appendQuietly(MigrationEvent event) {
        try {
            eventLog.append(connection, event);
        }
        catch (SQLException ex) {
            try (Connection fresh = dataSource.getConnection()) {
                fresh.setAutoCommit(true);
                eventLog.append(fresh, event);
            }
            catch (SQLException second) {
                logger.warn("Could not record {} {} event of {} in {}: {}", event.kind().value(), event.status().value(),
                        event.slug(), eventLog.name().display(), second.getMessage());
            }
        }
    }

    static Map<String, Object> progress(UUID attemptId, SqlStatement statement) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("attempt_id", attemptId.toString());
        progress.put("statement", statement.index());
        progress.put("line", statement.line());
        return progress;
    }
}
