package dev.confiture.tracking;

import dev.confiture.migration.RepeatableMigration;
import dev.confiture.migration.ResolvedMigration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of one run (one call of migrate, down, repair, approve, baseline, build or the dry run): the one place
 * that builds the run's events and writes them, and the owner of the pairing between the events written in a
 * transaction and that transaction's end. Every commit and rollback of a transaction that holds events goes through
 * here, so an event reaches the central log only once its transaction committed, and is forgotten when it rolled
 * back; callers never pair the two themselves.
 *
 * <p>Three ways to write: {@link #record} in the connection's current transaction (at once in autocommit mode),
 * {@link #recordQuietly} for the failures and run ends that must not fail again (on a connection of its own when the
 * run's connection is the thing that broke), and the {@code commit} methods, which send the transaction's last
 * bookkeeping, the events and {@code COMMIT} in one round trip.
 */
public final class RunJournal {

    private static final Logger logger = LoggerFactory.getLogger(RunJournal.class);

    private final EventLog log;

    private final DataSource dataSource;

    private final UUID runId;

    private final TimeOrderedIds ids;

    /** Events of transactions committed without waiting for the disk: forwarded to the central log once flushed. */
    private final List<MigrationEvent> unflushed = new ArrayList<>();

    /**
     * Starts the journal of a new run.
     * @param log the event log it writes
     * @param dataSource where a connection of its own comes from when the run's connection is lost
     */
    public RunJournal(EventLog log, DataSource dataSource) {
        this.log = log;
        this.dataSource = dataSource;
        this.runId = UUID.randomUUID();
        this.ids = new TimeOrderedIds(runId);
    }

    /**
     * @return a new id for something of this run (an attempt): unique, and ordered by time within the run
     */
    public UUID newId() {
        return ids.next();
    }

    /**
     * @return the run's id, in every event of the run
     */
    public UUID runId() {
        return runId;
    }

    /**
     * Builds an event of this run; its duration is the time between the two instants.
     * @param migration the migration it concerns, or {@code null} for the run itself
     * @param kind what it is about
     * @param status how it ended
     * @param startedAt when the work began
     * @param finishedAt when it ended, or {@code null} while it runs
     * @param error what went wrong, for failures
     * @param details structured facts, copied
     * @return the event, not written yet
     */
    public MigrationEvent event(@Nullable ResolvedMigration migration, EventKind kind, EventStatus status,
            Instant startedAt, @Nullable Instant finishedAt, @Nullable String error, Map<String, ?> details) {
        return event((migration != null) ? migration.id() : null, (migration != null) ? migration.version().text() : null,
                (migration != null) ? migration.slug() : null, kind, status, startedAt, finishedAt, error, details);
    }

    /**
     * Builds an event of this run about a repeatable migration (its slug and id, no version).
     * @param repeatable the repeatable migration
     * @param status how it ended
     * @param startedAt when the work began
     * @param finishedAt when it ended, or {@code null} while it runs
     * @param error what went wrong, for failures
     * @param details structured facts, copied
     * @return the event, not written yet
     */
    public MigrationEvent event(RepeatableMigration repeatable, EventStatus status, Instant startedAt,
            @Nullable Instant finishedAt, @Nullable String error, Map<String, ?> details) {
        return event(repeatable.id(), null, repeatable.slug(), EventKind.REPEATABLE, status, startedAt, finishedAt, error,
                details);
    }

    /**
     * Builds an event of this run about a callback (its name as the slug; no migration id, no version).
     * @param callback the callback's name, e.g. {@code afterMigrate__grants}
     * @param status how it ended
     * @param startedAt when the work began
     * @param finishedAt when it ended, or {@code null} while it runs
     * @param error what went wrong, for failures
     * @param details structured facts, copied
     * @return the event, not written yet
     */
    public MigrationEvent callbackEvent(String callback, EventStatus status, Instant startedAt,
            @Nullable Instant finishedAt, @Nullable String error, Map<String, ?> details) {
        return event(null, null, callback, EventKind.CALLBACK, status, startedAt, finishedAt, error, details);
    }

    /** Every event of the run is built here: its own id, the run's id, the duration from the two instants. */
    private MigrationEvent event(@Nullable UUID migrationId, @Nullable String version, @Nullable String slug,
            EventKind kind, EventStatus status, Instant startedAt, @Nullable Instant finishedAt, @Nullable String error,
            Map<String, ?> details) {
        Long duration = (finishedAt != null) ? Duration.between(startedAt, finishedAt).toMillis() : null;
        return new MigrationEvent(ids.next(), runId, migrationId, version, slug, kind, status, startedAt,
                finishedAt, duration, error, new LinkedHashMap<>(details));
    }

    /**
     * Writes an event in the connection's current transaction, which a {@code commit} or {@link #rollBack} of this
     * journal ends; in autocommit mode it is written, and forwarded, at once.
     * @param connection the connection
     * @param event the event
     * @throws SQLException if the server refuses
     */
    public void record(Connection connection, MigrationEvent event) throws SQLException {
        log.append(connection, event);
    }

    /**
     * Writes a change of many tracking rows ({@link TrackingTable#insertions}) and their events in the connection's
     * transaction without committing, in one round trip and two statements (build from DDL baselines every known
     * migration this way, instead of two round trips each). When a statement fails the server skips the rest and the
     * transaction is left for {@link #rollBack}.
     * @param connection a connection in a transaction (autocommit off)
     * @param change the tracking table's change
     * @param events the events that go with it, in order, at least one
     * @throws SQLException if the server refuses
     */
    public void recordAll(Connection connection, TrackingChange change, List<MigrationEvent> events) throws SQLException {
        log.identify(connection);
        try (PreparedStatement statement = connection.prepareStatement(change.sql() + "; " + log.insertSql(events.size()))) {
            int next = change.bind(statement, 1);
            for (MigrationEvent event : events) {
                next = log.bind(statement, next, event);
            }
            statement.execute();
        }
        for (MigrationEvent event : events) {
            log.appended(connection, event);
        }
    }

    /**
     * Writes an event on an autocommit connection; when that connection is lost (the failure being recorded may be
     * exactly that), on a connection of its own. A failure to write is logged, never thrown.
     * @param connection a connection in autocommit mode
     * @param event the event
     */
    public void recordQuietly(Connection connection, MigrationEvent event) {
        try {
            log.append(connection, event);
        }
        catch (SQLException ex) {
            try (Connection fresh = dataSource.getConnection()) {
                fresh.setAutoCommit(true);
                log.append(fresh, event);
            }
            catch (SQLException second) {
                second.addSuppressed(ex);
                logger.warn("Could not record the {} {} event{} in {}: {}", event.kind().value(), event.status().value(),
                        (event.slug() != null) ? " of " + event.slug() : "", log.name().display(), second.getMessage());
            }
        }
    }

    /**
     * Sends {@code prefix} and {@code COMMIT} in one round trip, committing the events recorded in the transaction.
     * @param connection a connection in a transaction (autocommit off)
     * @param prefix statements to run first (a lock guard, say), each ending with {@code ;}, or empty
     * @throws SQLException if the server refuses; the transaction is then left for {@link #rollBack}
     */
    public void commit(Connection connection, String prefix) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(prefix + "COMMIT");
        }
        log.committed(connection);
    }

    /**
     * Writes events and commits, in one round trip: {@code prefix}, the inserts and {@code COMMIT} go to the server
     * in one message. When a statement fails the server skips the rest and the transaction is left for
     * {@link #rollBack}.
     * @param connection a connection in a transaction (autocommit off)
     * @param prefix statements to run first (the session state put back, a lock guard), each ending with {@code ;}
     * @param events the events
     * @throws SQLException if the server refuses
     */
    public void commit(Connection connection, String prefix, List<MigrationEvent> events) throws SQLException {
        log.appendAndCommit(connection, prefix, events);
    }

    /**
     * Writes a change of the tracking table and its event and commits, in one round trip, then runs a query in the
     * same round trip after the commit (what the committed transaction left in the session, say).
     * @param connection a connection in a transaction (autocommit off)
     * @param prefix statements to run first, each ending with {@code ;}, or empty
     * @param change the tracking table's change ({@link TrackingTable#insertion}, {@link TrackingTable#deletion})
     * @param event the event that goes with it
     * @param afterCommit a query returning one row, or {@code null}
     * @return that row's columns as text, or {@code null} without a query (or without a row)
     * @throws SQLException if the server refuses; the transaction is then left for {@link #rollBack} (when the
     * commit itself failed, there is nothing left to roll back)
     */
    public @Nullable List<@Nullable String> commit(Connection connection, String prefix, TrackingChange change,
            MigrationEvent event, @Nullable String afterCommit) throws SQLException {
        return commit(connection, prefix, change, event, afterCommit, false);
    }

    /**
     * As {@link #commit(Connection, String, TrackingChange, MigrationEvent, String)}, for a transaction that may
     * commit without waiting for the disk ({@code SET LOCAL synchronous_commit TO off} in {@code prefix}) when
     * {@code unflushed}: its event reaches the central log only after {@link #flushed()}.
     * @param connection a connection in a transaction (autocommit off)
     * @param prefix statements to run first, each ending with {@code ;}, or empty
     * @param change the tracking table's change
     * @param event the event that goes with it
     * @param afterCommit a query returning one row, or {@code null}
     * @param unflushed whether the commit may not be durable yet
     * @return that row's columns as text, or {@code null} without a query (or without a row)
     * @throws SQLException if the server refuses; the transaction is then left for {@link #rollBack}
     */
    public @Nullable List<@Nullable String> commit(Connection connection, String prefix, TrackingChange change,
            MigrationEvent event, @Nullable String afterCommit, boolean unflushed) throws SQLException {
        List<@Nullable String> answer = null;
        log.identify(connection);
        try (PreparedStatement statement = connection.prepareStatement(prefix + change.sql() + "; " + log.insertSql()
                + "; COMMIT" + ((afterCommit != null) ? "; " + afterCommit : ""))) {
            log.bind(statement, change.bind(statement, 1), event);
            for (boolean isResultSet = statement.execute(); isResultSet || statement.getUpdateCount() != -1;
                    isResultSet = statement.getMoreResults()) {
                if (isResultSet && afterCommit != null) {
                    try (ResultSet result = statement.getResultSet()) {
                        if (result.next()) {
                            answer = new ArrayList<>();
                            for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                                answer.add(result.getString(column));
                            }
                        }
                    }
                }
            }
        }
        log.appended(connection, event);
        if (unflushed) {
            this.unflushed.addAll(log.committedUnflushed(connection));
        }
        else {
            log.committed(connection);
        }
        return answer;
    }

    /**
     * A flush made every earlier commit of the run durable: the events held back until then go to the central log.
     */
    public void flushed() {
        log.forwardFlushed(List.copyOf(unflushed));
        unflushed.clear();
    }

    /**
     * The flush failed: the events held back until then are not known to be durable, and never reach the central log
     * (the database's own event table has them, if they survived).
     */
    public void notFlushed() {
        unflushed.clear();
    }

    /**
     * Rolls back the connection's transaction, quietly (a broken connection has nothing left to roll back), and
     * forgets the events recorded in it: they never happened.
     * @param connection the connection
     */
    public void rollBack(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        }
        catch (SQLException ex) {
            logger.debug("Could not roll back; the connection is probably broken", ex);
        }
        log.rolledBack(connection);
    }
}
