package dev.confiture.state;

import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.tracking.AppliedMigration;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.InstanceTable;
import dev.confiture.tracking.LastAttempt;
import dev.confiture.tracking.LiveInstance;
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
 * @param live the application instances with a live heartbeat
 */
public record TrackingSnapshot(List<AppliedMigration> applied, Map<String, LastAttempt> openAttempts,
        Map<String, Set<String>> approvals, Map<String, RepeatableTable.AppliedRepeatable> repeatables,
        List<LiveInstance> live) {

    /**
     * Keeps an unmodifiable copy of the instances.
     */
    public TrackingSnapshot {
        live = List.copyOf(live);
    }

    /**
     * Reads the snapshot; a database without tracking tables reads as empty.
     * @param connection the connection
     * @param trackingTable the tracking table
     * @param eventLog the event log
     * @param configuration where the repeatable migrations and the live instances are recorded
     * @return the snapshot
     * @throws SQLException if the server refuses
     */
    public static TrackingSnapshot read(Connection connection, TrackingTable trackingTable, EventLog eventLog,
            ConfitureConfiguration configuration) throws SQLException {
        return new TrackingSnapshot(trackingTable.read(connection), eventLog.openAttempts(connection),
                eventLog.approvals(connection), new RepeatableTable(configuration.repeatableTable()).read(connection),
                instanceTable(configuration).live(connection));
    }

    /**
     * @param configuration the configuration
     * @return where its application instances record their heartbeats, with its expiry
     */
    public static InstanceTable instanceTable(ConfitureConfiguration configuration) {
        return new InstanceTable(configuration.instanceTable(), configuration.instances().expireAfter());
    }
}
