package dev.confiture.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event log {@code tb_confiture_event}: every lifecycle step that is not "applied" (docs/architecture.md,
 * "Records in the database").
 * Rows are only ever appended.
 *
 * <p>With a central DataSource, every event is also written to the same table in that database, so
 * one database holds the history of every environment. An event appended inside a transaction is
 * forwarded only once {@link #committed(Connection)} says the transaction committed; a central log
 * that cannot be reached is logged, never allowed to fail a migration. Writes go through a run's
 * {@link RunJournal}, which pairs them with their transaction's end; reads are public.
 */
public final class EventLog {

    private static final Logger logger = LoggerFactory.getLogger(EventLog.class);

    /**
     * Built on first use: a cold JVM spends a large share of a no-op startup check building a mapper (40 % of the
     * samples of benchmark P8's {@code migrate()}), and a startup with nothing pending and no open attempt writes and
     * reads no JSON at all.
     */
    private static final class Json {

        static final JsonMapper MAPPER = JsonMapper.builder().build();

        private Json() {
        }
    }

    private final TableName name;

    /** {@code insertSql(1)}: one per migration a run applies, built once. */
    private final String insertOne;

    private final EventOrigin origin;

    private final @Nullable DataSource central;

    private final Map<Connection, List<MigrationEvent>> uncommitted = Collections.synchronizedMap(new IdentityHashMap<>());

    private volatile boolean centralReady;

    /** After a failure, the central log is left alone this long. */
    private static final long CENTRAL_RETRY_NANOS = 60_000_000_000L;

    /** When the central log last failed ({@link System#nanoTime()}), or 0. */
    private volatile long centralFailedAt;

    /** How long a statement to the central log may wait for the server. */
    private static final int CENTRAL_TIMEOUT_MILLIS = 30_000;

    /** The migrated database, {@code host:port/name}, once a connection to it told. */
    private volatile @Nullable String database;

    /**
     * @param name the event table
     * @param origin environment, host and application written into every row
     */
    public EventLog(TableName name, EventOrigin origin) {
        this(name, origin, null);
    }

    /**
     * @param name the event table (in the central database too)
     * @param origin environment, host and application written into every row
     * @param central a second database that receives every event as well, or {@code null}
     */
    public EventLog(TableName name, EventOrigin origin, @Nullable DataSource central) {
        this.name = name;
        this.origin = origin;
        this.central = central;
        this.insertOne = insertSql(1);
    }

    /**
     * @return the event table
     */
    public TableName name() {
        return name;
    }

    /**
     * @return environment, host and application of this process
     */
    public EventOrigin origin() {
        return origin;
    }

    /**
     * Creates the schema, the table and its indexes when the table is missing, in one round trip (and one implicit
     * transaction when the connection is in autocommit mode); touches nothing when it exists.
     * @param connection the connection
     * @throws SQLException if the server refuses
     */
    public void ensureExists(Connection connection) throws SQLException {
        if (exists(connection)) {
            // No DDL at all on an existing table: a deploy role with only the privileges to write it can migrate.
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(String.join("; ",
                    "CREATE SCHEMA IF NOT EXISTS " + TableName.quote(name.schema()),
                    "CREATE TABLE IF NOT EXISTS " + name.sql() + " ("
                            + "id UUID PRIMARY KEY DEFAULT gen_random_uuid(), "
                            + "pk_confiture_event BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, "
                            + "run_id UUID, "
                            + "migration_id UUID, "
                            + "version VARCHAR(255), "
                            + "slug TEXT, "
                            + "kind TEXT NOT NULL, "
                            + "status TEXT NOT NULL, "
                            + "environment TEXT, "
                            + "host TEXT, "
                            + "application TEXT, "
                            + "started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(), "
                            + "finished_at TIMESTAMPTZ, "
                            + "duration_ms BIGINT, "
                            + "error TEXT, "
                            + "details JSONB NOT NULL DEFAULT '{}'::jsonb)",
                    "CREATE INDEX IF NOT EXISTS " + TableName.quote("idx_" + name.table() + "_version")
                            + " ON " + name.sql() + " (version, pk_confiture_event DESC)",
                    "CREATE INDEX IF NOT EXISTS " + TableName.quote("idx_" + name.table() + "_migration_id")
                            + " ON " + name.sql() + " (migration_id)",
                    "CREATE INDEX IF NOT EXISTS " + TableName.quote("idx_" + name.table() + "_started_at")
                            + " ON " + name.sql() + " (started_at DESC)"));
        }
    }

    /**
     * Appends an event in the connection's current transaction. In autocommit mode the event is
     * forwarded to the central log at once; otherwise when {@link #committed(Connection)} is called.
     * @param connection the connection
     * @param event the event
     * @throws SQLException if the server refuses
     */
    void append(Connection connection, MigrationEvent event) throws SQLException {
        identify(connection);
        insert(connection, event);
        appended(connection, event);
    }

    /**
     * Appends events and commits the connection's transaction, in one round trip: {@code prefix} (statements that
     * end with {@code ;}, e.g. {@code SET LOCAL}s that make the bookkeeping independent of the migration's session
     * state), the inserts and {@code COMMIT} go to the server in one message. The events are then forwarded to the
     * central log, as after {@link #committed(Connection)}. When a statement fails the server skips the rest and
     * the transaction is left for the caller to roll back.
     * @param connection a connection in a transaction (autocommit off)
     * @param prefix statements to run first, each ending with {@code ;}, or empty
     * @param events the events
     * @throws SQLException if the server refuses
     */
    void appendAndCommit(Connection connection, String prefix, List<MigrationEvent> events) throws SQLException {
        identify(connection);
        StringBuilder sql = new StringBuilder(prefix);
        for (int i = 0; i < events.size(); i++) {
            sql.append(insertSql()).append(';');
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.append("COMMIT").toString())) {
            int next = 1;
            for (MigrationEvent event : events) {
                next = bind(statement, next, event);
            }
            statement.execute();
        }
        for (MigrationEvent event : events) {
            appended(connection, event);
        }
        committed(connection);
    }

    /**
     * An event was written on the connection by a statement of the caller's (see
     * {@link RunJournal#commit(Connection, String, TrackingChange, MigrationEvent, String)}): forwards it to the
     * central log as {@link #append} would.
     */
    void appended(Connection connection, MigrationEvent event) throws SQLException {
        if (central != null) {
            if (connection.getAutoCommit()) {
                forward(List.of(event));
            }
            else {
                uncommitted.computeIfAbsent(connection, key -> new ArrayList<>()).add(event);
            }
        }
    }

    /**
     * The connection's transaction committed: forwards the events appended in it to the central log.
     * @param connection the connection
     */
    void committed(Connection connection) {
        List<MigrationEvent> events = uncommitted.remove(connection);
        if (events != null) {
            forward(events);
        }
    }

    /**
     * The connection's transaction committed without waiting for the disk: its events are handed to the caller, who
     * {@linkplain #forwardFlushed forwards} them once a flush made the commit durable (a central log must not hold what
     * a crash of this server could take away).
     * @param connection the connection
     * @return the events appended in the transaction (none without a central log)
     */
    List<MigrationEvent> committedUnflushed(Connection connection) {
        List<MigrationEvent> events = uncommitted.remove(connection);
        return (events != null) ? events : List.of();
    }

    /**
     * Forwards events whose transactions {@linkplain #committedUnflushed committed without waiting} once a flush made
     * them durable.
     * @param events the events, in commit order
     */
    void forwardFlushed(List<MigrationEvent> events) {
        if (!events.isEmpty()) {
            forward(events);
        }
    }

    /**
     * The connection's transaction rolled back: its events never happened.
     * @param connection the connection
     */
    void rolledBack(Connection connection) {
        uncommitted.remove(connection);
    }

    private void forward(List<MigrationEvent> events) {
        if (central == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - centralFailedAt < CENTRAL_RETRY_NANOS && centralFailedAt != 0) {
            // the central log failed a moment ago: each event would wait for it again (a connect timeout per event)
            logger.warn("Not writing {} event(s) to the central migration log: it failed less than {} s ago",
                    events.size(), CENTRAL_RETRY_NANOS / 1_000_000_000L);
            return;
        }
        try (Connection connection = central.getConnection()) {
            connection.setAutoCommit(true);
            // a central database that stops answering must not hold the migration that writes to it
            connection.setNetworkTimeout(Runnable::run, CENTRAL_TIMEOUT_MILLIS);
            if (!centralReady) {
                try {
                    ensureExists(connection);
                }
                catch (SQLException ex) {
                    // migrators writing their first events at once race on CREATE TABLE IF NOT EXISTS: the loser finds
                    // the table the winner created
                    if (!exists(connection)) {
                        throw ex;
                    }
                }
                ensureReceivedAt(connection);
                centralReady = true;
            }
            for (MigrationEvent event : events) {
                insert(connection, event);
            }
        }
        catch (SQLException ex) {
            centralFailedAt = (now == 0) ? 1 : now;
            logger.warn("Could not write {} event(s) to the central migration log (skipping it for {} s): {}",
                    events.size(), CENTRAL_RETRY_NANOS / 1_000_000_000L, ex.getMessage());
        }
    }

    /**
     * The central table records when it received each event ({@code received_at}, its own clock), by which the fleet
     * view orders events from hosts whose clocks disagree. Rows received before the column existed keep it empty.
     */
    private void ensureReceivedAt(Connection connection) throws SQLException {
        if (name.hasColumn(connection, "received_at")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + name.sql() + " ADD COLUMN IF NOT EXISTS received_at TIMESTAMPTZ; "
                    + "ALTER TABLE " + name.sql() + " ALTER COLUMN received_at SET DEFAULT now()");
        }
        catch (SQLException ex) {
            // a role that may only insert into a table an older release created: the events still go in, and the fleet
            // view orders them by pk_confiture_event, which is the receipt order as well
            logger.warn("The central log {} has no received_at column and this role cannot add it ({}); events are "
                    + "written without it", name.display(), ex.getMessage());
        }
    }

    private void insert(Connection connection, MigrationEvent event) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insertSql())) {
            bind(statement, 1, event);
            statement.executeUpdate();
        }
    }

    String insertSql() {
        return insertOne;
    }

    /** One statement inserting {@code rows} events, in order. */
    String insertSql(int rows) {
        return "INSERT INTO " + name.sql() + " (id, run_id, migration_id, version, slug, kind, status, environment, host,"
                + " application, started_at, finished_at, duration_ms, error, details) VALUES "
                + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"));
    }

    /**
     * Learns, from a connection to the migrated database, which database its events are about ({@code details.database},
     * see {@link EventOrigin#database(String)}): the central log holds the events of many databases.
     * @param connection a connection to the migrated database
     */
    void identify(Connection connection) throws SQLException {
        if (database == null) {
            database = EventOrigin.database(connection.getMetaData().getURL());
        }
    }

    /**
     * @return the index of the next parameter
     */
    int bind(PreparedStatement statement, int first, MigrationEvent event) throws SQLException {
        statement.setObject(first, event.id());
        statement.setObject(first + 1, event.runId());
        statement.setObject(first + 2, event.migrationId());
        statement.setString(first + 3, event.version());
        statement.setString(first + 4, event.slug());
        statement.setString(first + 5, event.kind().value());
        statement.setString(first + 6, event.status().value());
        statement.setString(first + 7, origin.environment());
        statement.setString(first + 8, origin.host());
        statement.setString(first + 9, origin.application());
        // an OffsetDateTime, not a Timestamp: pgjdbc builds a Calendar for every Timestamp it sends
        statement.setObject(first + 10, event.startedAt().atOffset(ZoneOffset.UTC));
        statement.setObject(first + 11, (event.finishedAt() != null) ? event.finishedAt().atOffset(ZoneOffset.UTC) : null,
                Types.TIMESTAMP_WITH_TIMEZONE);
        if (event.durationMs() == null) {
            statement.setNull(first + 12, Types.BIGINT);
        }
        else {
            statement.setLong(first + 12, event.durationMs());
        }
        statement.setString(first + 13, event.error());
        Map<String, Object> details = event.details();
        String migrated = database;
        if (migrated != null && !details.containsKey("database")) {
            details = new java.util.LinkedHashMap<>(details);
            details.put("database", migrated);
        }
        statement.setString(first + 14, DetailsJson.write(details, value -> Json.MAPPER.writeValueAsString(value)));
        return first + 15;
    }

    /**
     * The open attempts: for every version whose most recent lifecycle event (migrate attempt, rollback, repair
     * or baseline) is an attempt to apply that failed or never ended ({@link LastAttempt#unfinished()}) or a
     * rollback still owed ({@link LastAttempt#rollbackPending()}), that event. Versions whose latest event closed
     * them (a succeeded migration, rollback, repair or baseline) are left out: nothing decides on them, and reading
     * them would cost a row and a JSON document per applied migration on every status and startup check.
     * Empty when the table is missing.
     * @param connection the connection
     * @return the open attempts by version text
     * @throws SQLException if the server refuses
     */
    public Map<String, LastAttempt> openAttempts(Connection connection) throws SQLException {
        Map<String, LastAttempt> attempts = new HashMap<>();
        if (!exists(connection)) {
            return attempts;
        }
        String table = name.sql();
        // Candidates are few (usually none); each is kept only if no later lifecycle event of its version exists,
        // which the (version, pk_confiture_event DESC) index answers.
        try (PreparedStatement statement = connection.prepareStatement("SELECT e.version, e.kind, e.status, "
                + "e.finished_at, e.error, e.details::text, CASE WHEN e.kind NOT IN (?, ?) THEN 0 "
                + "ELSE (SELECT count(*) FROM " + table + " s WHERE s.version = e.version AND s.kind = ? AND s.status = ? "
                + "AND s.details->>'attempt_id' = e.details->>'attempt_id') END FROM " + table + " e "
                + "WHERE e.version IS NOT NULL AND ((e.kind = ? AND e.status <> ?) OR (e.kind = ? AND e.status IN (?, ?, ?))) "
                + "AND NOT EXISTS (SELECT 1 FROM " + table + " later WHERE later.version = e.version "
                + "AND later.pk_confiture_event > e.pk_confiture_event AND later.kind IN (?, ?, ?, ?))")) {
            int index = 1;
            statement.setString(index++, EventKind.MIGRATE.value());
            statement.setString(index++, EventKind.ROLLBACK.value());
            statement.setString(index++, EventKind.STATEMENT.value());
            statement.setString(index++, EventStatus.SUCCEEDED.value());
            statement.setString(index++, EventKind.MIGRATE.value());
            statement.setString(index++, EventStatus.SUCCEEDED.value());
            statement.setString(index++, EventKind.ROLLBACK.value());
            statement.setString(index++, EventStatus.PENDING.value());
            statement.setString(index++, EventStatus.FAILED.value());
            statement.setString(index++, EventStatus.STARTED.value());
            for (EventKind kind : List.of(EventKind.MIGRATE, EventKind.ROLLBACK, EventKind.REPAIR, EventKind.BASELINE)) {
                statement.setString(index++, kind.value());
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String version = result.getString(1);
                    JsonNode details = Json.MAPPER.readTree(result.getString(6));
                    String attemptId = text(details, "attempt_id");
                    attempts.put(version, new LastAttempt(
                            (attemptId != null) ? UUID.fromString(attemptId) : new UUID(0, 0), version,
                            EventKind.valueOf(result.getString(2).toUpperCase(Locale.ROOT)),
                            EventStatus.valueOf(result.getString(3).toUpperCase(Locale.ROOT)),
                            result.getObject(4, OffsetDateTime.class), result.getString(5), text(details, "checksum"),
                            details.path("transactional").asBoolean(true), result.getInt(7),
                            details.path("statements").asInt(0), backend(details)));
                }
            }
        }
        return attempts;
    }

    /**
     * The checksums each version was approved for; empty when the table is missing.
     * @param connection the connection
     * @return approved checksums by version text
     * @throws SQLException if the server refuses
     */
    public Map<String, Set<String>> approvals(Connection connection) throws SQLException {
        Map<String, Set<String>> approvals = new HashMap<>();
        if (!exists(connection)) {
            return approvals;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT version, details->>'checksum' FROM "
                + name.sql() + " WHERE kind = ? AND status = ? AND version IS NOT NULL")) {
            statement.setString(1, EventKind.APPROVAL.value());
            statement.setString(2, EventStatus.SUCCEEDED.value());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    approvals.computeIfAbsent(result.getString(1), version -> new HashSet<>()).add(result.getString(2));
                }
            }
        }
        return approvals;
    }

    /**
     * The statements a non-transactional attempt completed, each with the digest of its text (SHA-256 of the
     * statement as the file had it; {@code null} when the event predates digests).
     * @param connection the connection
     * @param attemptId the attempt
     * @return statement number to digest, in statement order
     * @throws SQLException if the server refuses
     */
    public Map<Integer, @Nullable String> completedStatements(Connection connection, UUID attemptId) throws SQLException {
        Map<Integer, @Nullable String> completed = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT (details->>'statement')::int, "
                + "details->>'sql_sha256' FROM " + name.sql()
                + " WHERE kind = ? AND status = ? AND details->>'attempt_id' = ?")) {
            statement.setString(1, EventKind.STATEMENT.value());
            statement.setString(2, EventStatus.SUCCEEDED.value());
            statement.setString(3, attemptId.toString());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    completed.put(result.getInt(1), result.getString(2));
                }
            }
        }
        return completed;
    }

    /**
     * @param connection the connection
     * @param attemptId a non-transactional attempt
     * @return the session its last completed statement left (see {@code SessionState.settingsOf}), or {@code null}
     * when none was recorded
     * @throws SQLException if the server refuses
     */
    public @Nullable String sessionAfterCompletedStatements(Connection connection, UUID attemptId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT details->>'session_after' FROM "
                + name.sql() + " WHERE kind = ? AND status = ? AND details->>'attempt_id' = ? "
                + "AND details->>'session_after' IS NOT NULL ORDER BY (details->>'statement')::int DESC LIMIT 1")) {
            statement.setString(1, EventKind.STATEMENT.value());
            statement.setString(2, EventStatus.SUCCEEDED.value());
            statement.setString(3, attemptId.toString());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }

    /**
     * The newest {@code limit} events, oldest first (in the order they were written); empty when the
     * table is missing. Read-only.
     * @param connection the connection
     * @param limit how many events at most, at least 1
     * @return the events, oldest first
     * @throws SQLException if the server refuses
     */
    public List<HistoryEntry> history(Connection connection, int limit) throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        List<HistoryEntry> entries = new ArrayList<>();
        if (!exists(connection)) {
            return entries;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, run_id, migration_id, version, slug, "
                + "kind, status, environment, host, application, started_at, finished_at, duration_ms, error FROM ("
                + "SELECT * FROM " + name.sql() + " ORDER BY pk_confiture_event DESC LIMIT ?) newest "
                + "ORDER BY pk_confiture_event")) {
            statement.setInt(1, limit);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    entries.add(new HistoryEntry(result.getObject(1, UUID.class), result.getObject(2, UUID.class),
                            result.getObject(3, UUID.class), result.getString(4), result.getString(5), result.getString(6),
                            result.getString(7), result.getString(8), result.getString(9), result.getString(10),
                            result.getObject(11, OffsetDateTime.class), result.getObject(12, OffsetDateTime.class),
                            result.getObject(13, Long.class), result.getString(14)));
                }
            }
        }
        return entries;
    }

    /**
     * @param connection the connection
     * @return whether the event log exists
     * @throws SQLException if the server refuses
     */
    public boolean exists(Connection connection) throws SQLException {
        return name.existsIn(connection);
    }

    private static LastAttempt.@Nullable Backend backend(JsonNode details) {
        String start = text(details, "backend_start");
        return (start != null && details.path("backend_pid").isInt())
                ? new LastAttempt.Backend(details.path("backend_pid").asInt(), start) : null;
    }

    /**
     * The INVALID indexes that existed just before a statement that builds an index concurrently ran, as its
     * {@code started} event recorded them.
     * @param connection the connection
     * @param attemptId the attempt
     * @param statementIndex the statement's number in its file
     * @return the index oids; {@code null} when nothing was recorded
     * @throws SQLException if the server refuses
     */
    public @Nullable List<Long> invalidIndexesBefore(Connection connection, UUID attemptId, int statementIndex)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT details->'invalid_indexes_before' FROM "
                + name.sql() + " WHERE kind = ? AND status = ? AND details->>'attempt_id' = ? "
                + "AND (details->>'statement')::int = ? ORDER BY pk_confiture_event DESC LIMIT 1")) {
            statement.setString(1, EventKind.STATEMENT.value());
            statement.setString(2, EventStatus.STARTED.value());
            statement.setString(3, attemptId.toString());
            statement.setInt(4, statementIndex);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next() || result.getString(1) == null) {
                    return null;
                }
                List<Long> oids = new ArrayList<>();
                Json.MAPPER.readTree(result.getString(1)).forEach(oid -> oids.add(oid.asLong()));
                return oids;
            }
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return (value == null || value.isNull()) ? null : value.asString();
    }
}
