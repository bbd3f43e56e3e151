package dev.confiture.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The session state a run found on its connection, and the SQL that puts it back, so that every migration starts
 * from the same state whatever the migrations before it in the run did ({@code SET search_path}, {@code SET ROLE},
 * {@code SET statement_timeout}, ...): one run of N migrations and N runs of one give the same result.
 *
 * <p>The state is the role ({@code SET ROLE} made before the run, e.g. by a pool's init SQL) and every setting the
 * session changed with {@code SET} before the run ({@code pg_settings.source = 'session'}, such as a tenant's
 * {@code search_path}). Restoring is {@code SET SESSION AUTHORIZATION DEFAULT} (which also resets the role),
 * {@code RESET ALL} (every setting back to what the connection started with: server, database and role defaults and
 * the connection's startup options), then those settings and the role again. Custom settings ({@code SET app.x})
 * made before the run are not listed by PostgreSQL and are reset too.
 *
 * <p>Bookkeeping inside a migration's transaction (its tracking row, its events, a statement's progress) runs under
 * {@link #bookkeepingSql()}: the same role and neutral timeouts for that transaction only, with
 * {@code search_path = pg_catalog} (Confiture's own statements name every table with its schema), so a migration that
 * switched to a role without rights on the tracking tables cannot fail its own recording.
 *
 * <p>What a migration leaves in the session besides settings (temporary tables, {@code LISTEN} channels, session
 * advisory locks it took, {@code WITH HOLD} cursors, statements prepared with {@code PREPARE}) is removed after it ({@link #discardLeftovers}), unless the session had such things
 * before the run (a pooled connection of the application's): then they are left alone.
 *
 * @param restoreSql the statements that restore the state, each ending with {@code ;}
 * @param bookkeepingSql {@code SET LOCAL} statements for bookkeeping inside a migration's transaction, each ending
 * with {@code ;}
 * @param leftoversSql the query that tells which leftovers a migration may have made: temporary objects,
 * {@code LISTEN} channels, advisory locks, cursors (each {@code false} when the session had them before the run),
 * and the {@code DEALLOCATE} statements of SQL-prepared statements ({@code NULL} when none or when the session had
 * some before the run)
 */
public record SessionState(String restoreSql, String bookkeepingSql, String leftoversSql) {

    /**
     * Whether the session has temporary objects. pg_class has no index on relnamespace alone, so the scan runs only
     * for a session that ever had a temporary schema (a run that does not use temporary tables pays nothing, however
     * many tables the database has).
     */
    private static final String TEMP = "CASE WHEN pg_catalog.pg_my_temp_schema() = 0 THEN false ELSE EXISTS (SELECT 1 "
            + "FROM pg_catalog.pg_class WHERE relnamespace = pg_catalog.pg_my_temp_schema()) END";

    private static final String LISTENING = "EXISTS (SELECT 1 FROM pg_catalog.pg_listening_channels())";

    private static final String ADVISORY = "EXISTS (SELECT 1 FROM pg_catalog.pg_locks WHERE locktype = 'advisory' "
            + "AND pid = pg_catalog.pg_backend_pid())";

    /** Cursors left open after a commit: {@code DECLARE ... WITH HOLD}. */
    private static final String CURSORS = "EXISTS (SELECT 1 FROM pg_catalog.pg_cursors WHERE is_holdable)";

    /**
     * The {@code DEALLOCATE} of every statement prepared with SQL {@code PREPARE} ({@code NULL} when none); never the
     * driver's own, which it prepares through the protocol.
     */
    private static final String PREPARED = "(SELECT string_agg('DEALLOCATE ' || pg_catalog.quote_ident(name), ';') "
            + "FROM pg_catalog.pg_prepared_statements WHERE from_sql)";

    /**
     * @param connection the run's connection, as the run found it (after the run's own {@code search_path})
     * @return its state
     * @throws SQLException if the server refuses
     */
    public static SessionState capture(Connection connection) throws SQLException {
        String role;
        StringBuilder settings = new StringBuilder();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("SELECT pg_catalog.current_setting('role')")) {
                result.next();
                role = result.getString(1);
            }
            try (ResultSet result = statement.executeQuery("SELECT name, setting FROM pg_catalog.pg_settings "
                    + "WHERE source = 'session' AND context IN ('user', 'superuser') ORDER BY name")) {
                while (result.next()) {
                    settings.append(settings.isEmpty() ? "SELECT " : ", ").append("pg_catalog.set_config(")
                            .append(literal(result.getString(1))).append(", ").append(literal(result.getString(2)))
                            .append(", false)");
                }
            }
        }
        boolean[] before = new boolean[5];
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT " + TEMP + ", " + LISTENING + ", " + ADVISORY + ", "
                        + CURSORS + ", " + PREPARED + " IS NOT NULL")) {
            result.next();
            for (int i = 0; i < before.length; i++) {
                before[i] = result.getBoolean(i + 1);
            }
        }
        String leftovers = "SELECT " + (before[0] ? "false" : TEMP) + ", " + (before[1] ? "false" : LISTENING) + ", "
                // releasing costs less than looking (pg_locks reads the whole lock table), so this releases them and
                // answers false
                + (before[2] ? "false" : "(SELECT false FROM pg_catalog.pg_advisory_unlock_all())") + ", "
                + (before[3] ? "false" : CURSORS) + ", "
                + (before[4] ? "NULL" : PREPARED);
        String setRole = "none".equals(role) ? "" : "SET ROLE " + identifier(role) + ";";
        String restore = "SET SESSION AUTHORIZATION DEFAULT;RESET ALL;" + (settings.isEmpty() ? "" : settings + ";")
                + setRole;
        String bookkeeping = "SET LOCAL SESSION AUTHORIZATION DEFAULT;" + setRole.replace("SET ROLE", "SET LOCAL ROLE")
                + "SET LOCAL statement_timeout = 0;SET LOCAL lock_timeout = 0;SET LOCAL search_path = pg_catalog;";
        return new SessionState(restore, bookkeeping, leftovers);
    }

    /**
     * Puts the state back, in its own round trip, in the connection's current transaction mode.
     * @param connection the connection whose state to put back
     * @throws SQLException if the server refuses
     */
    public void restore(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(restoreSql);
        }
    }

    /**
     * Removes what the migration that just ended left in the session besides settings: its temporary tables
     * ({@code DISCARD TEMP}), its {@code LISTEN} channels, the session advisory locks it took (never the run's own
     * lock, which another session holds), its {@code WITH HOLD} cursors and the statements it prepared with
     * {@code PREPARE}. In autocommit, outside any transaction.
     * @param connection the connection to clean
     * @throws SQLException if the server refuses
     */
    public void discardLeftovers(Connection connection) throws SQLException {
        List<@Nullable String> found = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(leftoversSql)) {
            result.next();
            for (int column = 1; column <= 5; column++) {
                found.add(result.getString(column));
            }
        }
        discardLeftovers(connection, found);
    }

    /**
     * Removes the leftovers the {@link #leftoversSql() query} found (run by the caller, e.g. in the round trip that
     * committed the migration).
     * @param connection the connection to clean, in autocommit
     * @param found the query's row, its columns as text
     * @throws SQLException if the server refuses
     */
    public void discardLeftovers(Connection connection, List<@Nullable String> found) throws SQLException {
        String discard = ("t".equals(found.get(0)) ? "DISCARD TEMP;" : "") + ("t".equals(found.get(1)) ? "UNLISTEN *;" : "")
                + ("t".equals(found.get(2)) ? "SELECT pg_catalog.pg_advisory_unlock_all();" : "")
                + ("t".equals(found.get(3)) ? "CLOSE ALL;" : "") + ((found.get(4) != null) ? found.get(4) + ";" : "");
        if (!discard.isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(discard);
            }
        }
    }

    /**
     * The session as a statement of a non-transactional migration leaves it (its role and every setting made with
     * {@code SET} or {@code set_config}), as JSON text, for a resumed attempt to {@linkplain #reapplySettings put back}.
     * @param connection the migration's connection
     * @return {@code {"role": ..., "settings": {name: value}}}
     * @throws SQLException if the server refuses
     */
    public static String settingsOf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT pg_catalog.jsonb_build_object('role', pg_catalog.current_setting('role'), 'settings', "
                        + "coalesce((SELECT pg_catalog.jsonb_object_agg(name, setting) FROM pg_catalog.pg_settings "
                        + "WHERE source = 'session' AND context IN ('user', 'superuser') AND name <> 'role'), '{}'))::text")) {
            result.next();
            return result.getString(1);
        }
    }

    /**
     * Puts back a session {@link #settingsOf(Connection) captured} after a statement, so that the statements a
     * resumed attempt runs see what the completed ones set ({@code search_path}, the role, ...).
     * @param connection the migration's connection, in autocommit mode
     * @param captured the captured JSON text
     * @throws SQLException if the server refuses (a setting or role that no longer exists)
     */
    public static void reapplySettings(Connection connection, String captured) throws SQLException {
        try (java.sql.PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.set_config(s.key, "
                + "s.value, false) FROM pg_catalog.jsonb_each_text((?::jsonb)->'settings') s UNION ALL "
                + "SELECT pg_catalog.set_config('role', (?::jsonb)->>'role', false)")) {
            statement.setString(1, captured);
            statement.setString(2, captured);
            statement.execute();
        }
    }

    /** A string constant that means the same whatever {@code standard_conforming_strings} says. */
    private static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
