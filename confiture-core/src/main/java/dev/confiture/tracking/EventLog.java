package dev.confiture.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event log {@code tb_confiture_event}: every lifecycle step that is not "applied" (DESIGN §3).
 * Rows are only ever appended.
 */
public final class EventLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TableName name;

    private final EventOrigin origin;

    /**
     * @param name the event table
     * @param origin environment, host and application written into every row
     */
    public EventLog(TableName name, EventOrigin origin) {
        this.name = name;
        this.origin = origin;
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
     * Creates the schema, the table and its indexes when missing.
     * @param connection the connection
     * @throws SQLException if the server refuses
     */
    public void ensureExists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + TableName.quote(name.schema()));
            statement.execute("CREATE TABLE IF NOT EXISTS " + name.sql() + " ("
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
                    + "details JSONB NOT NULL DEFAULT '{}'::jsonb)");
            statement.execute("CREATE INDEX IF NOT EXISTS " + TableName.quote("idx_" + name.table() + "_version")
                    + " ON " + name.sql() + " (version, pk_confiture_event DESC)");
            statement.execute("CREATE INDEX IF NOT EXISTS " + TableName.quote("idx_" + name.table() + "_migration_id")
                    + " ON " + name.sql() + " (migration_id)");
            statement.execute("CREATE INDEX IF NOT EXISTS " + TableName.quote("idx_" + name.table() + "_started_at")
                    + " ON " + name.sql() + " (started_at DESC)");
        }
    }

    /**
     * Appends an event in the connection's current transaction.
     * @param connection the connection
     * @param event the event
     * @throws SQLException if the server refuses
     */
    public void append(Connection connection, MigrationEvent event) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + name.sql()
                + " (id, run_id, migration_id, version, slug, kind, status, environment, host, application,"
                + " started_at, finished_at, duration_ms, error, details)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            statement.setObject(1, event.id());
            statement.setObject(2, event.runId());
            statement.setObject(3, event.migrationId());
            statement.setString(4, event.version());
            statement.setString(5, event.slug());
            statement.setString(6, event.kind().value());
            statement.setString(7, event.status().value());
            statement.setString(8, origin.environment());
            statement.setString(9, origin.host());
            statement.setString(10, origin.application());
            statement.setTimestamp(11, Timestamp.from(event.startedAt()));
            statement.setTimestamp(12, (event.finishedAt() != null) ? Timestamp.from(event.finishedAt()) : null);
            if (event.durationMs() == null) {
                statement.setNull(13, Types.BIGINT);
            }
            else {
                statement.setLong(13, event.durationMs());
            }
            statement.setString(14, event.error());
            statement.setString(15, JSON.writeValueAsString(event.details()));
            statement.executeUpdate();
        }
    }

    /**
     * The most recent migrate attempt of every version that has one; empty when the table is missing.
     * @param connection the connection
     * @return attempts by version text
     * @throws SQLException if the server refuses
     */
    public Map<String, LastAttempt> lastAttempts(Connection connection) throws SQLException {
        Map<String, LastAttempt> attempts = new HashMap<>();
        if (!exists(connection)) {
            return attempts;
        }
        String table = name.sql();
        try (PreparedStatement statement = connection.prepareStatement("WITH latest AS (SELECT DISTINCT ON (version) "
                + "version, status, finished_at, error, details FROM " + table + " WHERE kind = ? AND version IS NOT NULL "
                + "ORDER BY version, pk_confiture_event DESC) "
                + "SELECT l.version, l.status, l.finished_at, l.error, l.details::text, CASE WHEN l.status = ? THEN 0 "
                + "ELSE (SELECT count(*) FROM " + table + " s WHERE s.version = l.version AND s.kind = ? AND s.status = ? "
                + "AND s.details->>'attempt_id' = l.details->>'attempt_id') END FROM latest l")) {
            statement.setString(1, EventKind.MIGRATE.value());
            statement.setString(2, EventStatus.SUCCEEDED.value());
            statement.setString(3, EventKind.STATEMENT.value());
            statement.setString(4, EventStatus.SUCCEEDED.value());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String version = result.getString(1);
                    JsonNode details = JSON.readTree(result.getString(5));
                    String attemptId = text(details, "attempt_id");
                    attempts.put(version, new LastAttempt(
                            (attemptId != null) ? UUID.fromString(attemptId) : new UUID(0, 0), version,
                            EventStatus.valueOf(result.getString(2).toUpperCase(Locale.ROOT)),
                            result.getObject(3, OffsetDateTime.class), result.getString(4), text(details, "checksum"),
                            details.path("transactional").asBoolean(true), result.getInt(6),
                            details.path("statements").asInt(0)));
                }
            }
        }
        return attempts;
    }

    /**
     * The statements (1-based) that completed in one attempt of a non-transactional migration.
     * @param connection the connection
     * @param attemptId the attempt
     * @return the statement numbers, ascending
     * @throws SQLException if the server refuses
     */
    public Set<Integer> completedStatements(Connection connection, UUID attemptId) throws SQLException {
        Set<Integer> completed = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT (details->>'statement')::int FROM "
                + name.sql() + " WHERE kind = ? AND status = ? AND details->>'attempt_id' = ?")) {
            statement.setString(1, EventKind.STATEMENT.value());
            statement.setString(2, EventStatus.SUCCEEDED.value());
            statement.setString(3, attemptId.toString());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    completed.add(result.getInt(1));
                }
            }
        }
        return completed;
    }

    private boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, name.sql());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return (value == null || value.isNull()) ? null : value.asString();
    }
}
