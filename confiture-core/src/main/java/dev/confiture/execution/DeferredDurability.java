package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.tracking.RunJournal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a run's transactional migrations commit without waiting for their write-ahead log to reach the disk, and
 * reports each one (its log line, the listeners) only after a flush has made it durable.
 * <p>
 * Why it is safe: each migration still commits in one transaction with its tracking row and event, and PostgreSQL
 * writes commit records in order, so after a server crash the database holds a prefix of the run, each migration
 * with its row or neither. Why it is fast: on a durable server every synchronous commit waits for an fsync (and for
 * synchronous standbys); a run of 1,000 small migrations paid 1,000 of them. The flush is one transaction that
 * writes a logical-decoding message ({@code pg_logical_emit_message}, prefix {@code confiture}) and commits with the
 * session's own {@code synchronous_commit}: its commit waits for the disk (and the standbys the setting names) up
 * to its own record, which lies after every migration committed before it. It runs when the oldest unreported
 * migration is {@link #REPORT_WITHIN_NANOS} old, before anything outside the run could observe the migrations (a
 * callback, the run's result or its failure), before each migration when listeners follow the run and before one
 * outside a transaction (the run decides), and at the end.
 * <p>
 * Off when the server refuses the flush statement (probed once, before the first deferred commit) or when the
 * session's {@code synchronous_commit} is already {@code off}: then every migration commits as the session commits.
 */
final class DeferredDurability {

    private static final Logger logger = LoggerFactory.getLogger(DeferredDurability.class);

    /** Sent in a migration's commit batch: that commit does not wait for the flush. */
    static final String ASYNC_COMMIT_SQL = "SET LOCAL synchronous_commit TO off;";

    /** How long a committed migration may wait for its report: progress stays visible on a long run. */
    static final long REPORT_WITHIN_NANOS = 250_000_000L;

    private static final String FLUSH_SQL = "SELECT pg_catalog.pg_logical_emit_message(true, 'confiture', 'flush')";

    private final Connection connection;

    /** Holds back the central log's copy of each deferred commit's event until a flush covers it. */
    private final RunJournal journal;

    private final List<Runnable> unreported = new ArrayList<>();

    private long oldestUnreported;

    private boolean enabled;

    private DeferredDurability(Connection connection, RunJournal journal, boolean enabled) {
        this.connection = connection;
        this.journal = journal;
        this.enabled = enabled;
    }

    /**
     * @param connection the run's connection, in autocommit mode
     * @param journal the run's journal
     * @param worthIt whether the run has enough transactional migrations for deferring to pay (at least two)
     * @return deferral that is on when worth it and the server takes the flush statement, off otherwise
     */
    static DeferredDurability start(Connection connection, RunJournal journal, boolean worthIt) {
        if (!worthIt) {
            return new DeferredDurability(connection, journal, false);
        }
        try (Statement statement = connection.createStatement()) {
            try (var result = statement.executeQuery("SELECT pg_catalog.current_setting('synchronous_commit')")) {
                if (result.next() && "off".equals(result.getString(1))) {
                    return new DeferredDurability(connection, journal, false);
                }
            }
            statement.execute(FLUSH_SQL);
            return new DeferredDurability(connection, journal, true);
        }
        catch (SQLException ex) {
            logger.debug("Every migration of this run commits durably on its own: the server refused the flush ({})",
                    ex.getMessage());
            return new DeferredDurability(connection, journal, false);
        }
    }

    /**
     * @return what a transactional migration's commit batch starts with: nothing when deferral is off
     */
    String commitSql() {
        return enabled ? ASYNC_COMMIT_SQL : "";
    }

    /**
     * A migration committed: reports it now when deferral is off, else once a flush covers it (at the latest
     * {@link #REPORT_WITHIN_NANOS} from now, if the run goes on).
     */
    void committed(Runnable report) {
        if (!enabled) {
            report.run();
            return;
        }
        if (unreported.isEmpty()) {
            oldestUnreported = System.nanoTime();
        }
        unreported.add(report);
        if (System.nanoTime() - oldestUnreported >= REPORT_WITHIN_NANOS) {
            flush();
        }
    }

    /**
     * Makes every migration committed so far durable, then reports them. Called before anything outside the run can
     * see them.
     * @throws ConfitureException when the flush failed: what was committed is then not known to be durable
     */
    void flush() {
        if (unreported.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(FLUSH_SQL);
        }
        catch (SQLException ex) {
            journal.notFlushed();
            int unconfirmed = unreported.size();
            // never reported afterwards, not even by a later flush that works: the run fails saying so
            unreported.clear();
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, unconfirmed + " migration(s) of this run "
                    + "committed, but the flush that makes them durable failed: " + ex.getMessage() + " (SQLSTATE "
                    + ex.getSQLState() + ")", null, "They are applied unless the server crashed before writing them "
                            + "to disk: run status to see what is applied, then migrate again", ex);
        }
        journal.flushed();
        List<Runnable> reports = List.copyOf(unreported);
        unreported.clear();
        reports.forEach(Runnable::run);
    }

    /**
     * The run failed: flushes what it committed so the failure reports it, and says so when even that fails.
     */
    void flushAfterFailure() {
        try {
            flush();
        }
        catch (ConfitureException ex) {
            logger.warn("The run failed, and what it committed before could not be confirmed durable: {}; status shows "
                    + "what is applied", ex.getMessage());
        }
    }
}
