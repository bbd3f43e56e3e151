package dev.confiture.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A connection opened on another thread while the caller reads the migration files. On a service's start both are
 * cold: loading the driver, authenticating and starting the pool's first connection take about as long as reading and
 * checksumming a thousand files, and neither needs the other.
 * <p>
 * Only for data sources that connect the same way from any thread (pgjdbc's, HikariCP's): a routing data source
 * picks its target from the calling thread, so any other gets no early connection. {@link #dataSource()} hands the
 * early connection out once, then connects as the data source does; {@link #close()} closes it when nobody took it.
 */
public final class EarlyConnection implements AutoCloseable {

    /** The data sources whose {@code getConnection()} does not depend on the calling thread. */
    private static final Set<String> THREAD_INDEPENDENT = Set.of("org.postgresql.ds.PGSimpleDataSource",
            "org.postgresql.ds.PGConnectionPoolDataSource", "com.zaxxer.hikari.HikariDataSource");

    private final DataSource dataSource;

    /** The connection once open and (see {@link #firstUse}) used first; completes with {@code null} when not to hand out. */
    private @Nullable CompletableFuture<@Nullable Connection> opening;

    private boolean taken;

    private EarlyConnection(DataSource dataSource, @Nullable CompletableFuture<@Nullable Connection> opening) {
        this.dataSource = dataSource;
        this.opening = opening;
    }

    /**
     * Starts connecting on a daemon thread when the data source allows it.
     * @param dataSource where to connect
     * @return the connection being opened, or nothing to wait for
     */
    public static EarlyConnection open(DataSource dataSource) {
        if (!THREAD_INDEPENDENT.contains(dataSource.getClass().getName())) {
            return new EarlyConnection(dataSource, null);
        }
        CompletableFuture<@Nullable Connection> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return dataSource.getConnection();
            }
            catch (SQLException ex) {
                throw new CompletionException(ex);
            }
        }, task -> startDaemon(task, "confiture-connect"));
        return new EarlyConnection(dataSource, opening);
    }

    /**
     * @param connection a connection already open, which the caller hands over
     * @param dataSource where it came from
     * @return {@code connection} handed out first by {@link #dataSource()}, as an early connection is (and closed by
     * {@link #close()} when nobody took it)
     */
    public static EarlyConnection of(Connection connection, DataSource dataSource) {
        return new EarlyConnection(dataSource, CompletableFuture.completedFuture(connection));
    }

    /**
     * Uses the early connection first, on a thread of its own and before anyone can take it: work that needs nothing
     * from the caller (a read of the database's state, say) then overlaps the caller's work too.
     * @param step what to do with the connection; it leaves the connection as it found it (autocommit on, no
     * transaction), also when it throws
     * @return the step's result (or what it threw) once the connection is open and the step has run, which is before
     * {@link #dataSource()} hands the connection out; {@code null} when there is no early connection to use (then the
     * caller runs the step itself on the connection it gets). When the connection fails to open, the result is
     * {@code null} and taking the connection throws the failure; a connection the step left closed is not handed out
     * (the data source connects again)
     */
    public synchronized <T> @Nullable CompletableFuture<@Nullable T> firstUse(Function<Connection, @Nullable T> step) {
        CompletableFuture<@Nullable Connection> open = opening;
        if (open == null || taken) {
            return null;
        }
        CompletableFuture<@Nullable T> result = new CompletableFuture<>();
        // async, so that the step never runs on the caller's thread (nor under this object's lock), even when the
        // connection is already open
        opening = open.handleAsync((connection, failure) -> {
            if (connection == null) {
                result.complete(null);
                if (failure != null) {
                    throw (failure instanceof CompletionException completion) ? completion
                            : new CompletionException(failure);
                }
                return null;
            }
            try {
                result.complete(step.apply(connection));
            }
            catch (RuntimeException ex) {
                result.completeExceptionally(ex);
            }
            catch (Throwable ex) {
                // an Error (out of memory, say) may have left the driver's protocol out of step: never handed out
                result.completeExceptionally(ex);
                Jdbc.closeQuietly(connection);
                return null;
            }
            return usable(connection);
        }, task -> startDaemon(task, "confiture-first-use"));
        return result;
    }

    /** The connection, or {@code null} (closed) when it is broken: a broken connection is never handed out. */
    private static @Nullable Connection usable(Connection connection) {
        try {
            if (!connection.isClosed()) {
                return connection;
            }
        }
        catch (SQLException ex) {
            // as broken as closed
        }
        Jdbc.closeQuietly(connection);
        return null;
    }

    /** Runs the task on a new daemon thread; on this one when no thread can be started, so that it always runs. */
    private static void startDaemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        try {
            thread.start();
        }
        catch (OutOfMemoryError ex) {
            task.run();
        }
    }

    /**
     * @return a data source whose first {@code getConnection()} returns the early connection (or its failure, as the
     * data source would have thrown it), and every later one connects as the data source does
     */
    public DataSource dataSource() {
        return (opening == null) ? dataSource : new FirstConnection();
    }

    /**
     * Closes the early connection when nobody took it, now or once it is open.
     */
    @Override
    public synchronized void close() {
        if (opening != null && !taken) {
            taken = true;
            // it was never used: nothing to report if closing fails
            opening.whenComplete((connection, failure) -> Jdbc.closeQuietly(connection));
        }
    }

    private synchronized @Nullable Connection take() throws SQLException {
        if (opening == null || taken) {
            return null;
        }
        taken = true;
        try {
            return opening.get();
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof CompletionException completion && completion.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (ex.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SQLException("Could not connect: " + ex.getCause(), ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            // interrupted before it was used
            opening.thenAccept(Jdbc::closeQuietly);
            throw new SQLException("Interrupted while connecting", "08000", ex);
        }
    }

    /** The data source with the early connection first. */
    private final class FirstConnection implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            Connection early = take();
            return (early != null) ? early : dataSource.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return dataSource.getConnection(username, password);
        }

        @Override
        public @Nullable PrintWriter getLogWriter() throws SQLException {
            return dataSource.getLogWriter();
        }

        @Override
        public void setLogWriter(@Nullable PrintWriter out) throws SQLException {
            dataSource.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            dataSource.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return dataSource.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return dataSource.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return dataSource.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return dataSource.isWrapperFor(type);
        }
    }
}
