package dev.confiture.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The connections this process opened, so that a signal can cancel what they are running. Without it, a
 * {@code migrate up} stopped by SIGTERM (a deploy job timing out, Ctrl-C) leaves its statement running on the server
 * after the process is gone; for a statement outside a transaction, that statement then completes unrecorded and the
 * next run executes it again. Cancelled, it stops, and the run records the failure and where to resume.
 */
final class OpenConnections {

    private final Set<Connection> connections = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /**
     * @param dataSource where connections come from
     * @return a data source whose connections this object knows
     */
    DataSource tracking(DataSource dataSource) {
        return new Tracking(dataSource);
    }

    /**
     * Asks the server to cancel whatever each open connection is running (an idle one is left as it is).
     * @param err where to say what could not be cancelled
     */
    void cancelRunningStatements(PrintWriter err) {
        List<Connection> open;
        synchronized (connections) {
            open = new ArrayList<>(connections);
        }
        for (Connection connection : open) {
            try {
                if (!connection.isClosed()) {
                    connection.unwrap(PGConnection.class).cancelQuery();
                }
            }
            catch (SQLException ex) {
                err.println("confiture: could not cancel a running statement: " + ex.getMessage());
            }
        }
    }

    private final class Tracking implements DataSource {

        private final DataSource delegate;

        Tracking(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return track(delegate.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return track(delegate.getConnection(username, password));
        }

        private Connection track(Connection connection) {
            connections.add(connection);
            return connection;
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || delegate.isWrapperFor(type);
        }
    }
}
