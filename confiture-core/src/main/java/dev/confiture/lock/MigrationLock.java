package dev.confiture.lock;

import dev.confiture.ConfitureException;
import dev.confiture.ErrorCode;
import dev.confiture.tracking.TableName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session-level advisory lock on a dedicated connection, keyed from the tracking table's schema
 * and name, so every migrator of one tracking table (any process, any host) takes turns.
 *
 * <p>The lock is polled with {@code pg_try_advisory_lock} in short autocommit statements rather than
 * awaited with a blocking {@code pg_advisory_lock}: a blocked statement keeps a snapshot open, and
 * {@code CREATE INDEX CONCURRENTLY} in the migrating session waits for every open snapshot, so
 * waiting migrators would deadlock the one holding the lock. PostgreSQL frees the lock when the
 * session ends, so a killed process never leaves it behind.
 */
public final class MigrationLock implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(MigrationLock.class);

    private static final long FIRST_POLL_MS = 20;

    private static final long MAX_POLL_MS = 1000;

    private final Connection connection;

    private final long key;

    private MigrationLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /**
     * Opens a dedicated connection and takes the lock, waiting at most {@code maxWait}.
     * @param dataSource where to connect
     * @param table the tracking table the lock protects
     * @param maxWait how long to wait for another migrator to finish
     * @return the held lock; close it to release the lock and the connection
     * @throws ConfitureException LOCK_WAIT_TIMEOUT when the wait runs out, DATABASE_ERROR when the
     * database cannot be reached
     */
    public static MigrationLock acquire(DataSource dataSource, TableName table, Duration maxWait) {
        long key = keyFor(table);
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            long deadline = System.nanoTime() + maxWait.toNanos();
            long pause = FIRST_POLL_MS;
            boolean logged = false;
            while (!tryLock(connection, key)) {
                if (System.nanoTime() - deadline >= 0) {
                    String holder = describeHolder(connection, key);
                    throw new ConfitureException(ErrorCode.LOCK_WAIT_TIMEOUT, "Another migrator held the migration lock of "
                            + table.display() + " for longer than " + maxWait + " (" + holder + ")",
                            "Wait for it to finish and retry, or raise confiture.lock-wait (ConfitureConfiguration.lockWait)");
                }
                if (!logged) {
                    logger.info("Waiting for the migration lock of {} ({}), at most {}", table.display(),
                            describeHolder(connection, key), maxWait);
                    logged = true;
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, MAX_POLL_MS);
            }
            return new MigrationLock(connection, key);
        }
        catch (SQLException ex) {
            closeQuietly(connection);
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not take the migration lock of "
                    + table.display() + ": " + ex.getMessage(), null, "Check that the database is reachable", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            closeQuietly(connection);
            throw new ConfitureException(ErrorCode.LOCK_WAIT_TIMEOUT, "Interrupted while waiting for the migration lock of "
                    + table.display(), null, null, ex);
        }
        catch (RuntimeException ex) {
            closeQuietly(connection);
            throw ex;
        }
    }

    /**
     * The advisory lock key of a tracking table: the first 8 bytes of SHA-256 over
     * {@code "confiture:" + schema + "." + table}.
     * @param table the tracking table
     * @return the key for {@code pg_advisory_lock(bigint)}
     */
    public static long keyFor(TableName table) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("confiture:" + table.schema() + "." + table.table()).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
        }
    }

    /**
     * The connection that holds the lock, in autocommit mode. Operations use it for bookkeeping that
     * must commit on its own (events), never for migrations.
     * @return the connection
     */
    public Connection connection() {
        return connection;
    }

    /**
     * Releases the lock and closes the connection. If the connection is broken, PostgreSQL has
     * already released the lock with the session.
     */
    @Override
    public void close() {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, key);
            statement.execute();
        }
        catch (SQLException ex) {
            logger.debug("Could not release the migration lock explicitly; closing its session releases it", ex);
        }
        finally {
            closeQuietly(connection);
        }
    }

    private static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static String describeHolder(Connection connection, long key) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT a.pid, a.application_name, "
                + "a.client_addr, a.backend_start, now() - a.backend_start FROM pg_locks l "
                + "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                + "AND l.classid = ((? >> 32) & 4294967295)::oid AND l.objid = (? & 4294967295)::oid AND l.objsubid = 1")) {
            statement.setLong(1, key);
            statement.setLong(2, key);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return "holder not visible";
                }
                return "held by backend pid " + result.getInt(1) + " of application '" + result.getString(2)
                        + "' from " + result.getString(3) + " connected since " + result.getString(4);
            }
        }
        catch (SQLException ex) {
            return "holder unknown: " + ex.getMessage();
        }
    }

    private static void closeQuietly(@Nullable Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            }
            catch (SQLException ex) {
                logger.debug("Could not close the lock connection", ex);
            }
        }
    }
}
