package dev.confiture.tracking;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Where repeatable migrations are recorded: {@code tb_confiture_repeatable} next to the tracking table, one row per
 * repeatable migration with the checksum it was last applied with. Not in {@code tb_confiture}: upstream Confiture
 * reads every row there as an applied versioned migration. Created the first time a repeatable migration is applied.
 */
public final class RepeatableTable {

    private final TableName name;

    /**
     * @param name the table
     */
    public RepeatableTable(TableName name) {
        this.name = name;
    }

    /**
     * @return the table name
     */
    public TableName name() {
        return name;
    }

    /**
     * Creates the table when it is missing (the schema exists: the tracking table is in it).
     * @param connection the connection
     * @throws SQLException if the server refuses
     */
    public void ensureExists(Connection connection) throws SQLException {
        if (exists(connection)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + name.sql() + " (name TEXT PRIMARY KEY, "
                    + "checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW(), "
                    + "execution_time_ms INTEGER, applied_by TEXT)");
        }
    }

    /**
     * @param connection the connection
     * @return the applied repeatable migrations by name; empty when the table is missing
     * @throws SQLException if the server refuses
     */
    public Map<String, AppliedRepeatable> read(Connection connection) throws SQLException {
        Map<String, AppliedRepeatable> applied = new TreeMap<>();
        if (!exists(connection)) {
            return applied;
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT name, checksum, applied_at, execution_time_ms, "
                        + "applied_by FROM " + name.sql())) {
            while (result.next()) {
                int ms = result.getInt(4);
                Integer executionTimeMs = result.wasNull() ? null : ms;
                applied.put(result.getString(1), new AppliedRepeatable(result.getString(1), result.getString(2),
                        result.getObject(3, OffsetDateTime.class), executionTimeMs, result.getString(5)));
            }
        }
        return applied;
    }

    /**
     * Records a repeatable migration as applied with a checksum, as the change a {@link RunJournal} commits together
     * with its event.
     * @param repeatableName the name
     * @param checksum the checksum of the file applied
     * @param executionTimeMs how long it ran
     * @param appliedBy who applied it; {@code null} records {@code current_user}
     * @return the change
     */
    public TrackingChange upsertion(String repeatableName, String checksum, int executionTimeMs,
            @Nullable String appliedBy) {
        return new TrackingChange("INSERT INTO " + name.sql() + " AS r (name, checksum, applied_at, execution_time_ms, "
                + "applied_by) VALUES (?, ?, now(), ?, COALESCE(?, current_user)) ON CONFLICT (name) DO UPDATE SET "
                + "checksum = EXCLUDED.checksum, applied_at = EXCLUDED.applied_at, "
                + "execution_time_ms = EXCLUDED.execution_time_ms, applied_by = EXCLUDED.applied_by",
                (statement, first) -> {
                    statement.setString(first, repeatableName);
                    statement.setString(first + 1, checksum);
                    statement.setInt(first + 2, executionTimeMs);
                    if (appliedBy == null) {
                        statement.setNull(first + 3, Types.VARCHAR);
                    }
                    else {
                        statement.setString(first + 3, appliedBy);
                    }
                    return first + 4;
                });
    }

    private boolean exists(Connection connection) throws SQLException {
        return name.existsIn(connection);
    }

    /**
     * A repeatable migration as last applied.
     *
     * @param name its name
     * @param checksum the checksum of the file applied
     * @param appliedAt when
     * @param executionTimeMs how long it ran, if recorded
     * @param appliedBy who applied it
     */
    public record AppliedRepeatable(String name, String checksum, OffsetDateTime appliedAt,
            @Nullable Integer executionTimeMs, @Nullable String appliedBy) {
    }
}
