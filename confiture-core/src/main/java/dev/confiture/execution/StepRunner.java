package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import dev.confiture.jdbc.Elapsed;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.jdbc.ServerError;
import dev.confiture.jdbc.SessionState;
import dev.confiture.jdbc.TimeoutSettings;
import dev.confiture.lock.LockLostException;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.Checksums;
import dev.confiture.migration.Migration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.sql.SqlStatement;
import dev.confiture.sql.TransactionControl;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.LastAttempt;
import dev.confiture.tracking.MigrationEvent;
import dev.confiture.tracking.RunJournal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a non-transactional script step by step on the run's connection, ups and downs alike: each step (a statement,
 * or a transaction block the file opens itself) commits together with its progress, the lock is checked before each
 * step and inside every commit, a resumed attempt continues at the failed statement, and the run's session state is
 * put back at the end. Every event goes through the run's {@link RunJournal}.
 */
final class StepRunner {

    private static final Logger logger = LoggerFactory.getLogger(StepRunner.class);

    private static final long FIRST_RETRY_PAUSE_MS = 500;

    /**
     * A statement that changes the session, not the database ({@code SET search_path}, {@code SET ROLE},
     * {@code RESET ...}): a resumed attempt runs it again, so the statements after it run in the session state they
     * were written for. {@code SET LOCAL}, {@code SET CONSTRAINTS} and {@code SET TRANSACTION} last one transaction.
     */
    private static final Pattern SESSION_SETTING = Pattern.compile(
            "^(?:SET\\s+(?!LOCAL\\b|CONSTRAINTS\\b|TRANSACTION\\b|SESSION\\s+CHARACTERISTICS\\b)|RESET\\b)",
            Pattern.CASE_INSENSITIVE);

    /**
     * {@code CALL} and {@code DO} may end transactions inside them (a procedure that commits batch by batch), which
     * PostgreSQL allows only outside a transaction block: in a non-transactional file they run in autocommit,
     * recorded like {@code CREATE INDEX CONCURRENTLY}.
     */
    private static final Pattern MAY_COMMIT = Pattern.compile("^(?:CALL|DO)\\b", Pattern.CASE_INSENSITIVE);

    private final Bookkeeping bookkeeping;

    private final EventLog eventLog;

    private final MigrationLock lock;

    private final Connection connection;

    private final SessionState session;

    private final Map<String, Object> backend;

    private final RunJournal journal;

    StepRunner(Bookkeeping bookkeeping, MigrationLock lock, SessionState session, Map<String, Object> backend,
            RunJournal journal) {
        this.bookkeeping = bookkeeping;
        this.eventLog = bookkeeping.eventLog();
        this.lock = lock;
        this.connection = lock.connection();
        this.session = session;
        this.backend = Map.copyOf(backend);
        this.journal = journal;
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

    RunJournal journal() {
        return journal;
    }

    /** Which way a script runs: which event kind it records, how messages name it. */
    enum Direction {

        /** An up script (or a Java migration's {@code up}). */
        UP(EventKind.MIGRATE, ""),

        /** A down script (or a Java migration's {@code down}). */
        DOWN(EventKind.ROLLBACK, "the down of ");

        private final EventKind kind;

        private final String prefix;

        Direction(EventKind kind, String prefix) {
            this.kind = kind;
            this.prefix = prefix;
        }

        EventKind kind() {
            return kind;
        }

        String name(ResolvedMigration migration) {
            return prefix + migration.slug();
        }
    }

    /**
     * Writes what a successful script leaves behind (its tracking row, or the removal of it, and its event) and
     * commits, in the transaction the runner opened.
     */
    @FunctionalInterface
    interface Finish {

        /**
         * @param prefix statements to send first in the commit's batch (the session state put back, the lock guard)
         * @param event the success event
         */
        void commit(String prefix, MigrationEvent event) throws SQLException;
    }

    /**
     * What a step-by-step run did.
     *
     * @param elapsedMs how long it ran
     * @param statements the statements it ran in this attempt
     * @param resumed the statements an earlier attempt of the same file had completed
     */
    record Outcome(long elapsedMs, int statements, int resumed) {
    }

    /**
     * A step-by-step run failed; the migration's own exception is built from this.
     */
    static final class Failure extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient @Nullable SqlStatement statement;

        private final transient Set<Integer> completed;

        private final transient List<String> droppedIndexes;

        private final transient ServerError error;

        private final Throwable cause;

        Failure(Progress progress, ServerError error, Throwable cause) {
            super(error.describe(), cause);
            this.cause = cause;
            this.statement = progress.current;
            this.completed = Set.copyOf(progress.completed);
            this.droppedIndexes = List.copyOf(progress.droppedIndexes);
            this.error = error;
        }

        @Nullable SqlStatement statement() {
            return statement;
        }

        Set<Integer> completed() {
            return new TreeSet<>(completed);
        }

        List<String> droppedIndexes() {
            return droppedIndexes;
        }

        /** @return what failed (never {@code null}, unlike {@link #getCause()} in general) */
        Throwable failure() {
            return cause;
        }

        ServerError error() {
            return error;
        }
    }

    /**
     * Where a step-by-step script stands: the statements completed (in this attempt and the ones it resumes), the
     * statement running now, and the INVALID indexes dropped on the way.
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
     * Runs a non-transactional script (or a Java migration declared {@code transactional=false}) step by step.
     * @param source the file the statements come from, for locations in messages
     * @param checksum the checksum of that file, which a resumed attempt must share
     * @param lastAttempt the migration's open lifecycle event: a failed or interrupted attempt of the same file in
     * the same direction is resumed
     * @throws Failure when a step fails (recorded; what ran stays done)
     * @throws LockLostException when the run lost the lock (recorded; nothing more runs)
     */
    Outcome runStepByStep(ResolvedMigration migration, String source, ExecutionPlan plan, Direction direction,
            @Nullable String checksum, @Nullable LastAttempt lastAttempt, Finish finish) throws Failure {
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        int total = plan.fileStatements();
        LastAttempt open = (lastAttempt != null && lastAttempt.kind() == direction.kind()
                && (lastAttempt.status() == EventStatus.FAILED || lastAttempt.status() == EventStatus.STARTED)
                && !lastAttempt.transactional()) ? lastAttempt : null;
        boolean resume = open != null && checksum != null && checksum.equals(open.checksum())
                && open.statementCount() == total;
        if (open != null && !resume && open.completedStatements() > 0) {
            resume = completedStatementsUnchanged(migration, plan, direction, open);
        }
        UUID attemptId = resume ? Objects.requireNonNull(lastAttempt).attemptId() : journal.newId();
        Progress progress;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attempt_id", attemptId.toString());
        details.put("transactional", false);
        details.put("checksum", checksum);
        details.put("statements", total);
        details.putAll(backend);
        try {
            progress = new Progress(resume ? eventLog.completedStatements(connection, attemptId).keySet() : Set.of());
            // The attempt must be on record before its first step: after a crash it is what the next run resumes.
            journal.record(connection, event(migration, direction.kind(), EventStatus.STARTED, startedAt, null, null,
                    details));
        }
        catch (SQLException ex) {
            throw bookkeeping.databaseError("the start of " + direction.name(migration), ex);
        }
        int resumed = progress.completed.size();
        if (resumed > 0) {
            logger.info("Resuming {} after statements {} of {}, which completed in an earlier attempt of the same file",
                    direction.name(migration), progress.completed, total);
        }
        TimeoutSettings timeouts = TimeoutSettings.of(bookkeeping.configuration(), migration.metadata());
        try {
            Jdbc.applyTimeouts(connection, timeouts, false);
            Migration java = migration.java();
            if (java != null) {
                lock.requireHeld(direction.name(migration));
                if (direction == Direction.UP) {
                    java.up(connection);
                }
                else {
                    java.down(connection);
                }
            }
            else {
                runSteps(migration, source, plan, attemptId, resume, progress, direction);
            }
            details.put("completed_statements", total);
            connection.setAutoCommit(false);
            finish.commit(session.restoreSql() + lock.guardSql(), event(migration, direction.kind(),
                    EventStatus.SUCCEEDED, startedAt, Instant.now(), null, details));
            return new Outcome(Elapsed.millisSince(start), total - resumed, resumed);
        }
        catch (Exception ex) {
            SqlStatement failed = progress.current;
            LockLostException lost = (ex instanceof LockLostException loss) ? loss
                    : lock.lostBy(ex, "the commit of " + ((failed != null) ? "statement " + failed.index() + " of "
                            + total + " of " : "") + direction.name(migration));
            cleanUpAfterFailure(migration, attemptId, progress, lost == null);
            details.put("completed_statements", progress.completed.size());
            if (lost != null) {
                details.put("code", ErrorCode.LOCK_LOST.name());
                recordQuietly(event(migration, direction.kind(), EventStatus.FAILED, startedAt, Instant.now(),
                        lost.getMessage(), details));
                throw lost;
            }
            SqlStatement current = progress.current;
            ServerError error = ServerError.of(ex, current, source);
            if (current != null) {
                details.put("statement", current.index());
                details.put("line", (error.location() != null) ? error.location().line() : current.line());
            }
            details.put("sqlstate", error.sqlState());
            if (!progress.droppedIndexes.isEmpty()) {
                details.put("dropped_invalid_indexes", progress.droppedIndexes);
            }
            recordQuietly(event(migration, direction.kind(), EventStatus.FAILED, startedAt, Instant.now(),
                    error.describe(), details));
            throw new Failure(progress, error, ex);
        }
        finally {
            Jdbc.restoreAutoCommit(connection);
        }
    }

    /**
     * Runs every step of a non-transactional plan that is not completed yet, checking the lock before each. A
     * resumed attempt starts from the session its last completed step left (recorded with each step: the role and
     * every setting made with {@code SET} or {@code set_config}), so the steps after it see the state they were
     * written for. A step that waits longer than {@code lock_timeout} is
     * retried with backoff, as a transactional migration is (a {@code CREATE INDEX CONCURRENTLY} waits, for instance,
     * for every older snapshot).
     */
    private void runSteps(ResolvedMigration migration, String source, ExecutionPlan plan, UUID attemptId,
            boolean resume, Progress progress, Direction direction) throws SQLException {
        String sessionAfter = progress.completed.isEmpty() ? null
                : eventLog.sessionAfterCompletedStatements(connection, attemptId);
        if (sessionAfter != null) {
            SessionState.reapplySettings(connection, sessionAfter);
        }
        for (List<SqlStatement> step : plan.steps()) {
            if (step.stream().allMatch(statement -> progress.completed.contains(statement.index()))) {
                // an attempt recorded before sessions were: its SET statements run again
                if (sessionAfter == null && step.size() == 1 && SESSION_SETTING.matcher(step.get(0).sql()).find()) {
                    Jdbc.execute(connection, step.get(0));
                }
                continue;
            }
            progress.current = step.get(0);
            String before = "statement " + step.get(0).index() + " of " + plan.fileStatements() + " of "
                    + direction.name(migration);
            Interruption.stopIfRequested(before);
            lock.requireHeld(before);
            for (int retries = 0;; retries++) {
                try {
                    runStep(migration, source, attemptId, step, resume || retries > 0, progress);
                    break;
                }
                catch (SQLException ex) {
                    if (!ServerError.LOCK_NOT_AVAILABLE.equals(ex.getSQLState())
                            || retries >= bookkeeping.configuration().timeouts().lockTimeoutRetries()) {
                        throw ex;
                    }
                    cleanUpAfterFailure(migration, attemptId, progress, true);
                    if (!pauseBeforeRetry(direction.name(migration), retries, ex)) {
                        throw ex;
                    }
                    lock.requireHeld(before);
                }
            }
            step.forEach(statement -> progress.completed.add(statement.index()));
        }
        progress.current = null;
    }

    /**
     * Runs one step and records it. A statement that may run in a transaction commits together with its progress
     * event, and the lock is checked inside that commit, so a crash can never leave it done but unrecorded and it is
     * never committed without the lock; so does a transaction block the file opens itself, whose own {@code COMMIT}
     * commits its progress. Statements PostgreSQL refuses in a transaction block run in autocommit with the event
     * right after; for those a crash in between cannot be told apart, which is why such statements should be
     * idempotent ({@code CREATE INDEX CONCURRENTLY IF NOT EXISTS}).
     */
    private void runStep(ResolvedMigration migration, String source, UUID attemptId, List<SqlStatement> step,
            boolean afterAFailure, Progress progress) throws SQLException {
        Instant stepStart = Instant.now();
        SqlStatement first = step.get(0);
        if (first.transactionControl() == TransactionControl.BEGIN) {
            runBlock(migration, attemptId, step, stepStart, progress);
            return;
        }
        if (first.nonTransactionalReason() != null || MAY_COMMIT.matcher(first.sql()).find()) {
            if (afterAFailure) {
                List<Long> before = eventLog.invalidIndexesBefore(connection, attemptId, first.index());
                if (before != null) {
                    progress.droppedIndexes.addAll(InvalidIndexes.dropLeftovers(connection, before, migration.slug()));
                }
            }
            Map<String, Object> started = progress(attemptId, first);
            List<Long> invalidBefore = InvalidIndexes.now(connection);
            started.put("invalid_indexes_before", invalidBefore);
            recordInOwnTransaction(List.of(event(migration, EventKind.STATEMENT, EventStatus.STARTED, stepStart, null,
                    null, started)));
            try (Statement jdbc = connection.createStatement()) {
                jdbc.setEscapeProcessing(false);
                jdbc.execute(first.executed());
                InvalidIndexes.refuseSkippedOverInvalid(connection, jdbc, migration.slug(), first.location(source),
                        invalidBefore);
            }
            connection.setAutoCommit(false);
        }
        else {
            connection.setAutoCommit(false);
            Jdbc.execute(connection, first);
        }
        Map<String, Object> done = progress(attemptId, first);
        done.put("session_after", SessionState.settingsOf(connection));
        journal.commit(connection, session.bookkeepingSql() + lock.guardSql(), List.of(event(migration,
                EventKind.STATEMENT, EventStatus.SUCCEEDED, stepStart, Instant.now(), null, done)));
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
            boolean commits = end.transactionControl() == TransactionControl.COMMIT;
            if (!commits) {
                Jdbc.execute(connection, end);
            }
            // what the block set survives its COMMIT (SET LOCAL aside), not its ROLLBACK
            String sessionAfter = SessionState.settingsOf(connection);
            List<MigrationEvent> done = block.stream().map(statement -> {
                Map<String, Object> details = progress(attemptId, statement);
                if (statement == end) {
                    details.put("session_after", sessionAfter);
                }
                return event(migration, EventKind.STATEMENT, EventStatus.SUCCEEDED, stepStart, Instant.now(), null,
                        details);
            }).toList();
            if (commits) {
                // The block's own COMMIT (or END), sent after its progress: the same command the journal's commit ends with.
                journal.commit(connection, session.bookkeepingSql() + lock.guardSql(), done);
            }
            else {
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
        journal.commit(connection, session.bookkeepingSql(), events);
        connection.setAutoCommit(true);
    }

    /**
     * After a step-by-step script failed: rolls back what is open, puts back the session state (what the script set
     * would stay set otherwise, and the failure event and the next migration would run in it) and, unless the run
     * lost the lock, drops an index the failed step left INVALID.
     */
    void cleanUpAfterFailure(ResolvedMigration migration, UUID attemptId, Progress progress, boolean holdsTheLock) {
        rollBack();
        try {
            session.restore(connection);
        }
        catch (SQLException ex) {
            logger.debug("Could not restore the session state; the connection is probably broken", ex);
            return;
        }
        SqlStatement current = progress.current;
        if (holdsTheLock && current != null && current.nonTransactionalReason() != null) {
            try {
                List<Long> before = eventLog.invalidIndexesBefore(connection, attemptId, current.index());
                if (before != null) {
                    progress.droppedIndexes.addAll(InvalidIndexes.dropLeftovers(connection, before, migration.slug()));
                }
            }
            catch (SQLException | RuntimeException ex) {
                logger.warn("{}: could not drop an index left INVALID by statement {}; the next attempt looks again: {}",
                        migration.slug(), current.index(), ex.getMessage());
            }
        }
    }

    /**
     * After a migration (applied, reverted or failed): removes its temporary tables, {@code LISTEN} channels and
     * session advisory locks, so that the next one starts from the session the run found. Logged, never thrown: the
     * migration's outcome is already decided.
     */
    void discardLeftovers() {
        discardLeftovers(null);
    }

    /**
     * @param found what the leftovers query found, when it already ran (in the migration's commit), else {@code null}
     */
    void discardLeftovers(@Nullable List<@Nullable String> found) {
        try {
            if (found != null) {
                session.discardLeftovers(connection, found);
            }
            else {
                session.discardLeftovers(connection);
            }
        }
        catch (SQLException ex) {
            logger.debug("Could not discard what the migration left in the session; the connection is probably broken",
                    ex);
        }
    }

    /**
     * Rolls back what is open and puts the connection back in autocommit mode, where the failure's events are
     * recorded.
     */
    void rollBack() {
        journal.rollBack(connection);
        Jdbc.restoreAutoCommit(connection);
    }

    MigrationEvent event(ResolvedMigration migration, EventKind kind, EventStatus status, Instant startedAt,
            @Nullable Instant finishedAt, @Nullable String error, Map<String, Object> details) {
        return journal.event(migration, kind, status, startedAt, finishedAt, error, details);
    }

    /**
     * Records an event on the run's connection, or on one of its own when that connection is lost; never throws.
     */
    void recordQuietly(MigrationEvent event) {
        journal.recordQuietly(connection, event);
    }

    /**
     * Waits before a retry, doubling the pause each time.
     * @return false when interrupted: then the step fails instead of retrying
     */
    static boolean pauseBeforeRetry(String what, int retries, int maxRetries, String error) {
        long pause = FIRST_RETRY_PAUSE_MS << retries;
        logger.warn("{} hit lock_timeout ({}); retry {} of {} in {} ms", what, error, retries + 1, maxRetries, pause);
        try {
            Thread.sleep(pause);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean pauseBeforeRetry(String what, int retries, SQLException error) {
        return pauseBeforeRetry(what, retries, bookkeeping.configuration().timeouts().lockTimeoutRetries(),
                String.valueOf(error.getMessage()));
    }

    static Map<String, Object> progress(UUID attemptId, SqlStatement statement) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("attempt_id", attemptId.toString());
        progress.put("statement", statement.index());
        progress.put("line", statement.line());
        progress.put("sql_sha256", digest(statement));
        return progress;
    }

    private static String digest(SqlStatement statement) {
        return Checksums.sha256Hex(statement.sql().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A file changed since its attempt failed part-way: the attempt resumes when every statement it completed is still
     * in the file, unchanged, at the same place (the fix was further on); otherwise running it from statement 1 would
     * repeat what completed, so nothing runs.
     * @return true to resume the attempt
     * @throws ConfitureException ATTEMPT_FILE_CHANGED when a completed statement changed
     */
    private boolean completedStatementsUnchanged(ResolvedMigration migration, ExecutionPlan plan, Direction direction,
            LastAttempt attempt) {
        Map<Integer, @Nullable String> done;
        try {
            done = eventLog.completedStatements(connection, attempt.attemptId());
        }
        catch (SQLException ex) {
            throw bookkeeping.databaseError("the read of " + direction.name(migration) + "'s last attempt", ex);
        }
        Map<Integer, String> now = new HashMap<>();
        plan.statements().forEach(statement -> now.put(statement.index(), digest(statement)));
        List<Integer> changed = done.entrySet().stream()
                .filter(entry -> entry.getValue() == null || !entry.getValue().equals(now.get(entry.getKey())))
                .map(Map.Entry::getKey).toList();
        if (changed.isEmpty()) {
            logger.info("{} changed since its last attempt, after the statements {} that completed: resuming after them",
                    direction.name(migration), done.keySet());
            return true;
        }
        throw new ConfitureException(ErrorCode.ATTEMPT_FILE_CHANGED, direction.name(migration) + " changed since its "
                + "last attempt, which completed statements " + done.keySet() + " (they stay done), and statements "
                + changed + " of those are not in the file as they ran. Running it again from statement 1 would repeat "
                + "what completed, so nothing was run",
                "Restore statements " + changed + " exactly as they ran and change only what comes after them; or undo "
                        + "what the completed statements did, run " + Setting.REPAIR.token() + " to forget the attempt, "
                        + "and run again from statement 1");
    }
}
