package dev.confiture.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.QueryExecutor;
import org.postgresql.jdbc.PreferQueryMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the driver's server-prepared statements across DDL while a run applies SQL migrations, and hands the
 * connection back as if the driver had seen that DDL: pooled connections go back as they came.
 * <p>
 * pgjdbc ({@code flushCacheOnDdl}, on by default where the driver has it) forgets every server-prepared statement of
 * the connection when a {@code CREATE}, {@code ALTER} or {@code DROP} completes, so that a prepared query whose result
 * type the DDL changed is not executed as before. A run of DDL migrations then has the server parse and plan each
 * migration's commit batch (the tracking row, the event, the lock guard, the session restore, the leftovers query)
 * again for every migration: about a quarter of a millisecond of the server's time per migration (benchmark P9).
 * Those statements are schema-qualified and their results never change type, and a file's own statements are sent
 * once and never server-prepared (the driver's default query mode), so nothing the flush protects against can happen
 * to them. Not kept: when code of the user's runs on the connection during the run (Java migrations, callbacks: the
 * caller decides), nor in the query mode that server-prepares every statement ({@code extendedCacheEverything}).
 * <p>
 * pgjdbc records no DDL it was told to ignore, so closing makes it forget the connection's prepared statements
 * once, as that DDL would have: it runs a {@code DROP TABLE IF EXISTS} of a temporary table that does not exist (a
 * statement whose completion the driver takes for DDL, and which changes nothing). Other drivers, and pgjdbc releases
 * without the setting, are left as they are.
 */
public final class PreparedAcrossDdl implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(PreparedAcrossDdl.class);

    /** Completes as {@code DROP TABLE}, which the driver takes for DDL; drops nothing. */
    private static final String FORGET_PREPARED = "DROP TABLE IF EXISTS pg_temp.\"confiture: forget prepared statements\"";

    private final @Nullable Connection connection;

    private final @Nullable QueryExecutor executor;

    private PreparedAcrossDdl(@Nullable Connection connection, @Nullable QueryExecutor executor) {
        this.connection = connection;
        this.executor = executor;
    }

    /**
     * @param connection the run's connection, on which no code of the user's runs until this is closed
     * @return a handle that puts the driver's setting back, and has it forget its prepared statements, when closed
     */
    public static PreparedAcrossDdl keep(Connection connection) {
        QueryExecutor executor = executor(connection);
        if (executor == null || !executor.isFlushCacheOnDdl()) {
            return none();
        }
        executor.setFlushCacheOnDdl(false);
        return new PreparedAcrossDdl(connection, executor);
    }

    /**
     * @return a handle that changes nothing: the driver's setting holds
     */
    public static PreparedAcrossDdl none() {
        return new PreparedAcrossDdl(null, null);
    }

    @Override
    public void close() {
        QueryExecutor held = executor;
        Connection used = connection;
        if (held == null || used == null) {
            return;
        }
        // only a connection that had it on is ever kept (keep), so on is what it came with
        held.setFlushCacheOnDdl(true);
        try (Statement statement = used.createStatement()) {
            statement.execute(FORGET_PREPARED);
        }
        catch (SQLException ex) {
            // refused (an event trigger guarding DROP TABLE, a read-only session) or the connection broke: the
            // driver keeps statements prepared before the run's DDL, as releases before flushCacheOnDdl did
            logger.warn("Could not have the driver forget the prepared statements of the connection the migrations "
                    + "ran on ({}): a query the application prepared on it before the run, over a table the run "
                    + "changed, may fail once with 'cached plan must not change result type'", ex.getMessage());
        }
    }

    /**
     * The connection's pgjdbc query executor when the driver has the setting and prepares only what it is asked to;
     * else {@code null}.
     */
    private static @Nullable QueryExecutor executor(Connection connection) {
        try {
            if (!connection.isWrapperFor(BaseConnection.class)
                    || connection.unwrap(PGConnection.class).getPreferQueryMode() == PreferQueryMode.EXTENDED_CACHE_EVERYTHING) {
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
}
