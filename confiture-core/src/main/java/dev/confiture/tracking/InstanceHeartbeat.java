package dev.confiture.tracking;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application instance's registration in the {@link InstanceTable}: written when it is created, touched by
 * {@link #beat()}, deleted by {@link #close()}. Whoever owns it calls {@link #beat()} more often than the expiry (the
 * starter does, every {@code confiture.instance.heartbeat-interval}). Each call borrows a connection for one short
 * statement.
 */
public final class InstanceHeartbeat implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(InstanceHeartbeat.class);

    private final DataSource dataSource;

    private final InstanceTable table;

    private final LiveInstance.Identity identity;

    private final UUID id = UUID.randomUUID();

    private InstanceHeartbeat(DataSource dataSource, InstanceTable table, LiveInstance.Identity identity) {
        this.dataSource = dataSource;
        this.table = table;
        this.identity = identity;
    }

    /**
     * Registers an instance (creating the table when missing).
     * @param dataSource the database
     * @param table the instance table
     * @param identity who the instance is
     * @return the registration
     * @throws SQLException if the server refuses
     */
    public static InstanceHeartbeat register(DataSource dataSource, InstanceTable table, LiveInstance.Identity identity)
            throws SQLException {
        InstanceHeartbeat heartbeat = new InstanceHeartbeat(dataSource, table, identity);
        try (Connection connection = dataSource.getConnection()) {
            table.register(connection, identity, heartbeat.id);
        }
        logger.info("Registered instance {} (build {}, schema version {}) in {}", identity.slug(),
                identity.buildVersion(), identity.schemaVersion(), table);
        return heartbeat;
    }

    /**
     * @return who the instance is
     */
    public LiveInstance.Identity identity() {
        return identity;
    }

    /**
     * Records that the instance is still live; registers it again when its row is gone (it missed heartbeats for
     * longer than the expiry and another registration deleted it, or someone deleted it by hand).
     * @throws SQLException if the server refuses
     */
    public void beat() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!table.touch(connection, id)) {
                logger.warn("The heartbeat row of instance {} in {} was gone (expired or deleted): registering again",
                        identity.slug(), table);
                table.register(connection, identity, id);
            }
        }
    }

    /**
     * Deletes the instance's row: it no longer holds contract migrations back.
     * @throws SQLException if the server refuses
     */
    @Override
    public void close() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            table.remove(connection, id);
        }
        logger.info("Removed instance {} from {}", identity.slug(), table);
    }
}
