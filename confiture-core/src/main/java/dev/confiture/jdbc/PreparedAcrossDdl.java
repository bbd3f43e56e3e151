package dev.confiture.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.QueryExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the driver's server-prepared statements across DDL while a run's own statements and SQL files run, and puts
 * the driver's setting back when closed: pooled connections go back as they came.
 * <p>
 * pgjdbc ({@code flushCacheOnDdl}, on by default where the driver has it) forgets every server-prepared statement of
 * the connection when a {@code CREATE}, {@code ALTER} or {@code DROP} completes, so that a prepared query whose result
 * type the DDL changed is not executed as before. A run of DDL migrations then parses and plans its bookkeeping
 * statements (the tracking row, the event, the lock guard, the session restore, the leftovers query) again for every
 * migration: about a quarter of a millisecond of the server's time per migration (benchmark P9). Those
 * statements are schema-qualified and their results never change type (the only queries among them read catalog
 * functions), and a file's own statements are never server-prepared (each is sent once), so nothing the flush
 * protects against can happen to them. Java migrations and callbacks, whose statements may be anything, run with the
 * driver's default ({@link #userCode}).
 * <p>
 * Other drivers, and pgjdbc releases without the setting, are left as they are.
 */
public final class PreparedAcrossDdl implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(PreparedAcrossDdl.class);

    private final @Nullable QueryExecutor executor;

    private final boolean previous;

    private PreparedAcrossDdl(@Nullable QueryExecutor executor, boolean previous) {
        this.executor = executor;
        this.previous = previous;
    }

    /**
     * @param connection the run's connection
     * @return a handle that puts the driver's setting back when closed
     */
    public static PreparedAcrossDdl keep(Connection connection) {
        QueryExecutor executor = executor(connection);
        if (executor == null) {
            return new PreparedAcrossDdl(null, false);
        }
        boolean previous = executor.isFlushCacheOnDdl();
        executor.setFlushCacheOnDdl(false);
        return new PreparedAcrossDdl(executor, previous);
    }

    /**
     * Runs code of the user's (a Java migration, a callback) with the driver's default: its prepared statements are
     * forgotten after DDL, as they would be without Confiture, also inside a run that keeps Confiture's own.
     * @param connection the connection the code runs on
     * @param code the code
     * @param <E> what the code throws
     * @throws E what the code throws
     */
    public static <E extends Exception> void userCode(Connection connection, UserCode<E> code) throws E {
        QueryExecutor executor = executor(connection);
        if (executor == null || executor.isFlushCacheOnDdl()) {
            code.run();
            return;
        }
        executor.setFlushCacheOnDdl(true);
        try {
            code.run();
        }
        finally {
            executor.setFlushCacheOnDdl(false);
        }
    }

    @Override
    public void close() {
        QueryExecutor held = executor;
        if (held != null) {
            held.setFlushCacheOnDdl(previous);
        }
    }

    /** The connection's pgjdbc query executor when it has the setting, else {@code null}. */
    private static @Nullable QueryExecutor executor(Connection connection) {
        try {
            if (!connection.isWrapperFor(BaseConnection.class)) {
                return null;
            }
            QueryExecutor executor = connection.unwrap(BaseConnection.class).getQueryExecutor();
            executor.isFlushCacheOnDdl();
            return executor;
        }
        catch (SQLException | LinkageError ex) {
            // an older pgjdbc (no flushCacheOnDdl: nothing to keep), or a wrapper that cannot unwrap
            logger.debug("The driver's prepared statements are left to the driver", ex);
            return null;
        }
    }

    /**
     * Code of the user's.
     * @param <E> what it throws
     */
    @FunctionalInterface
    public interface UserCode<E extends Exception> {

        /**
         * @throws E what it throws
         */
        void run() throws E;
    }
}
