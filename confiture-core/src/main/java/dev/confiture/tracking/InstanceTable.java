package dev.confiture.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The live application instances: {@code tb_confiture_instance} next to the tracking table, a Trinity table with one
 * row per running instance that uses the starter (application, build version, the schema version its build ships,
 * when it started and when it was last seen). An instance writes its row when it starts, touches it on every
 * heartbeat and deletes it when it stops; a row not touched for the expiry is not live, and the next registration
 * deletes it. Times are the database's clock, so hosts whose clocks disagree still agree on who is live.
 */
public final class InstanceTable {

    private final TableName name;

    private final Duration expireAfter;

    /**
     * @param name the table
     * @param expireAfter how long after its last heartbeat an instance stops counting as live
     */
    public InstanceTable(TableName name, Duration expireAfter) {
        this.name = name;
        this.expireAfter = expireAfter;
    }

    /**
     * @return the table name
     */
    public TableName name() {
        return name;
    }

    /**
     * Creates the table when it is missing. Two instances starting at once may both try: the loser of that race finds
     * the table the winner created.
     * @param connection a connection in autocommit
     * @throws SQLException if the server refuses
     */
    public void ensureExists(Connection connection) throws SQLException {
        if (name.existsIn(connection)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + name.sql() + " (id UUID PRIMARY KEY, "
                    + "pk_confiture_instance BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, "
                    + "slug TEXT NOT NULL UNIQUE, application TEXT NOT NULL, instance_id TEXT NOT NULL, "
                    + "build_version TEXT, schema_version VARCHAR(255), host TEXT, contract_versions TEXT[], "
                    + "started_at TIMESTAMPTZ NOT NULL DEFAULT now(), last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        }
        catch (SQLException ex) {
            // 42P07 duplicate table, 23505 the catalog's unique index: a concurrent CREATE won the race
            if (!("42P07".equals(ex.getSQLState()) || "23505".equals(ex.getSQLState())) || !name.existsIn(connection)) {
                throw ex;
            }
        }
    }

    /**
     * Writes (or replaces) an instance's row, as seen now, after deleting the rows that expired.
     * @param connection a connection in autocommit
     * @param instance the instance
     * @param id the row id of this registration (new for every start)
     * @throws SQLException if the server refuses
     */
    public void register(Connection connection, LiveInstance.Identity instance, UUID id) throws SQLException {
        ensureExists(connection);
        try (PreparedStatement expired = connection.prepareStatement("DELETE FROM " + name.sql()
                + " WHERE last_seen_at < now() - make_interval(secs => ?)")) {
            expired.setDouble(1, seconds());
            expired.executeUpdate();
        }
        // keyed by the registration's id, never by the instance id alone: two instances that share a name (the same
        // HOSTNAME and pid on one node, a copied instance-id setting) must not replace each other's rows
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + name.sql() + " (id, slug, "
                + "application, instance_id, build_version, schema_version, host, contract_versions) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_seen_at = now()")) {
            upsert.setObject(1, id);
            upsert.setString(2, instance.slug() + "/" + id);
            upsert.setString(3, instance.application());
            upsert.setString(4, instance.instanceId());
            upsert.setString(5, instance.buildVersion());
            upsert.setString(6, instance.schemaVersion());
            upsert.setString(7, instance.host());
            List<String> contracts = instance.contractVersions();
            upsert.setArray(8, (contracts == null) ? null : connection.createArrayOf("text", contracts.toArray()));
            upsert.executeUpdate();
        }
    }

    /**
     * Records a heartbeat.
     * @param connection a connection in autocommit
     * @param id the instance's row id
     * @return whether the row was still there (an instance silent for longer than the expiry may have been deleted)
     * @throws SQLException if the server refuses
     */
    public boolean touch(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement touch = connection.prepareStatement("UPDATE " + name.sql()
                + " SET last_seen_at = now() WHERE id = ?")) {
            touch.setObject(1, id);
            return touch.executeUpdate() == 1;
        }
    }

    /**
     * Deletes an instance's row (it stops).
     * @param connection a connection in autocommit
     * @param id the instance's row id
     * @throws SQLException if the server refuses
     */
    public void remove(Connection connection, UUID id) throws SQLException {
        if (!name.existsIn(connection)) {
            return;
        }
        try (PreparedStatement remove = connection.prepareStatement("DELETE FROM " + name.sql() + " WHERE id = ?")) {
            remove.setObject(1, id);
            remove.executeUpdate();
        }
    }

    /**
     * @param connection the connection
     * @return the live instances (seen within the expiry), by application, build and instance; none when the table is
     * missing
     * @throws SQLException if the server refuses
     */
    public List<LiveInstance> live(Connection connection) throws SQLException {
        List<LiveInstance> live = new ArrayList<>();
        if (!name.existsIn(connection)) {
            return live;
        }
        // each column cast to its type: the result's type never changes, even for a statement the driver keeps
        // prepared across a migration that alters the table (PreparedAcrossDdl)
        try (PreparedStatement read = connection.prepareStatement("SELECT id::uuid, application::text, "
                + "instance_id::text, build_version::text, schema_version::text, host::text, started_at::timestamptz, "
                + "last_seen_at::timestamptz, contract_versions::text[] FROM " + name.sql()
                + " WHERE last_seen_at >= now() - make_interval(secs => ?) "
                + "ORDER BY application, schema_version, build_version, instance_id")) {
            read.setDouble(1, seconds());
            try (ResultSet result = read.executeQuery()) {
                while (result.next()) {
                    java.sql.Array contracts = result.getArray(9);
                    live.add(new LiveInstance(result.getObject(1, UUID.class), new LiveInstance.Identity(
                            result.getString(2), result.getString(3), result.getString(4), result.getString(5),
                            result.getString(6), (contracts == null) ? null : List.of((String[]) contracts.getArray())),
                            result.getObject(7, OffsetDateTime.class).toInstant(),
                            result.getObject(8, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return live;
    }

    private double seconds() {
        return expireAfter.toMillis() / 1000.0;
    }

    @Override
    public String toString() {
        return name.display();
    }
}
