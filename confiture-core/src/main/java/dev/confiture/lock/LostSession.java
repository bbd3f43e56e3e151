package dev.confiture.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * Why a session ended, in an operator's words: the server's message and SQLSTATE and, for the server's own
 * timeouts, the setting that ended it.
 */
final class LostSession {

    private static final int PROBE_TIMEOUT_MS = 5_000;

    private LostSession() {
    }

    /**
     * Asks the lock session itself what happened: a dead session answers with the error that ended it (the driver
     * reads the server's last message).
     */
    static String cause(Connection lockSession, int pid) {
        try (Statement statement = lockSession.createStatement()) {
            // A half-open connection (a firewall dropped it) would otherwise block for the system's TCP timeout.
            lockSession.setNetworkTimeout(Runnable::run, PROBE_TIMEOUT_MS);
            statement.execute("SELECT 1");
            return "its session (backend pid " + pid + ") still answers, but its transaction no longer holds the lock "
                    + "(something ended that transaction, or a pooler runs it on another server connection)";
        }
        catch (SQLException ex) {
            return "its session (backend pid " + pid + ") ended: " + ex.getMessage()
                    + ((ex.getSQLState() != null) ? " (SQLSTATE " + ex.getSQLState() + ")" : "") + settingBehind(ex.getSQLState());
        }
    }

    /**
     * @return {@code ", set by <setting>"} when the SQLSTATE is one of the server's session timeouts or an
     * administrator's termination; empty otherwise
     */
    static String settingBehind(@Nullable String sqlState) {
        if (sqlState == null) {
            return "";
        }
        return switch (sqlState) {
            case "57P05" -> "; the server's idle_session_timeout ended it";
            case "25P03" -> "; the server's idle_in_transaction_session_timeout ended it";
            case "25P04" -> "; the server's transaction_timeout ended it";
            case "57P01" -> "; pg_terminate_backend() or a server shutdown ended it";
            default -> sqlState.startsWith("08") ? "; the network connection broke (a proxy or firewall idle timeout, "
                    + "or tcp_keepalives_* settings)" : "";
        };
    }
}
