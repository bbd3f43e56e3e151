package dev.confiture.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * A cheap check of whether the tracking records changed: the tracking table's row versions (the same measure
 * {@link TrackingTable#read} trusts its rows by: any insert, update or delete, whichever tool made it, changes it) and
 * the event log's newest event.
 * One short query once the tables are known to exist, where a full status read takes several and scans the migration
 * files; for gauges scraped every few seconds.
 */
public final class TrackingFingerprint {

    private static final String UNDEFINED_TABLE = "42P01";

    private final TableName trackingTable;

    private final TableName eventTable;

    /** The query for the tables found last time, or {@code null} to look for them first. */
    private volatile @Nullable String query;

    /**
     * @param trackingTable the tracking table
     * @param eventTable its event log
     */
    public TrackingFingerprint(TableName trackingTable, TableName eventTable) {
        this.trackingTable = trackingTable;
        this.eventTable = eventTable;
    }

    /**
     * @param connection the connection
     * @return a text that differs whenever the records differ
     * @throws SQLException if the server refuses
     */
    public String read(Connection connection) throws SQLException {
        String known = query;
        if (known != null) {
            try {
                return fingerprint(connection, known);
            }
            catch (SQLException ex) {
                if (!UNDEFINED_TABLE.equals(ex.getSQLState())) {
                    throw ex;
                }
                query = null; // a table went away: look again
            }
        }
        String current = queryForExistingTables(connection);
        query = current;
        return fingerprint(connection, current);
    }

    private String queryForExistingTables(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL, to_regclass(?) IS NOT NULL")) {
            exists.setString(1, trackingTable.sql());
            exists.setString(2, eventTable.sql());
            try (ResultSet result = exists.executeQuery()) {
                result.next();
                String rows = result.getBoolean(1) ? "(" + TrackingTable.rowVersionsQuery(trackingTable) + ")" : "'-'";
                String newestEvent = result.getBoolean(2)
                        ? "coalesce((SELECT max(pk_confiture_event)::text FROM " + eventTable.sql() + "), '')" : "'-'";
                // a table created later must be seen: without one, this query is never reused
                return (result.getBoolean(1) && result.getBoolean(2)) ? "SELECT " + rows + " || '/' || " + newestEvent
                        : "SELECT 'partial:' || " + rows + " || '/' || " + newestEvent;
            }
        }
    }

    private String fingerprint(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            String fingerprint = result.getString(1);
            if (fingerprint.startsWith("partial:")) {
                query = null;
            }
            return fingerprint;
        }
    }
}
