package dev.confiture.state;

import dev.confiture.tracking.AppliedMigration;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.LastAttempt;
import dev.confiture.tracking.RepeatableTable;
import dev.confiture.tracking.TrackingTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the database records about migrations, read in one place: the tracking rows, the open attempts
 * (failed, unfinished or rollback-pending), and the approved checksums.
 *
 * @param applied the tracking rows
 * @param openAttempts the open attempts (a failed or unfinished attempt to apply, or a rollback still owed) per
 * version text, see {@link EventLog#openAttempts(Connection)}
 * @param approvals the approved checksums per version text
 * @param repeatables the applied repeatable migrations by name
 */
public record TrackingSnapshot(List<AppliedMigration> applied, Map<String, LastAttempt> openAttempts,
        Map<String, Set<String>> approvals, Map<String, RepeatableTable.AppliedRepeatable> repeatables) {

    /**
     * Reads the snapshot; a database without tracking tables reads as empty.
     * @param connection the connection
     * @param trackingTable the tracking table
     * @param eventLog the event log
     * @param repeatableTable where repeatable migrations are recorded
     * @return the snapshot
     * @throws SQLException if the server refuses
     */
    public static TrackingSnapshot read(Connection connection, TrackingTable trackingTable, EventLog eventLog,
            RepeatableTable repeatableTable) throws SQLException {
        return new TrackingSnapshot(trackingTable.read(connection), eventLog.openAttempts(connection),
                eventLog.approvals(connection), repeatableTable.read(connection));
    }
}
