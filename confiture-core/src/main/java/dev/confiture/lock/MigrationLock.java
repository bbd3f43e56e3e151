package dev.confiture.lock;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.tracking.EventOrigin;
import dev.confiture.tracking.TableName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration lock of one tracking table, and the connection that works under it.
 *
 * <p>Two advisory locks are taken together, with {@code pg_try_*} functions only (a migrator never waits inside
 * a statement while holding anything, so no order of acquisition can deadlock against Confiture or upstream):
 * <ul>
 * <li>this tool's key for the tracking table ({@link #keyFor}), exclusive: migrators of one table take turns,
 * while tenants and named instances with tables of their own run side by side;</li>
 * <li>upstream Confiture's per-database key ({@link UpstreamLock}), shared: upstream, which takes it exclusively,
 * waits for every Confiture migrator of the database and makes them wait for it.</li>
 * </ul>
 *
 * <p>Both are held by a dedicated <em>lock session</em> in a transaction that stays open, idle, for the whole run
 * ({@code pg_try_advisory_xact_lock}). That transaction is READ COMMITTED and runs no statement while the run
 * works, so it holds no snapshot: {@code CREATE INDEX CONCURRENTLY} in the run (or anywhere) does not wait for it.
 * Being a transaction, it pins one server connection behind a transaction-mode pooler such as PgBouncer, and the
 * locks cannot outlive it: they end with the transaction, on release or when the session dies. The lock session
 * is immune to {@code idle_in_transaction_session_timeout}, {@code transaction_timeout} and
 * {@code statement_timeout} (set to 0 for its transaction), and says what holds the lock in its
 * {@code application_name}.
 *
 * <p>Holding the lock is checked, not assumed: {@link #requireHeld(String)} asks the server, from the work
 * connection, whether the lock session's transaction still holds the table's key, and stops with {@code LOCK_LOST}
 * naming the cause when it does not. The check probes a third key, random and this run's own, which the same
 * transaction holds exclusively beside the table's key: a shared try-lock on it fails exactly while that transaction
 * lasts (one lock-table probe; scanning {@code pg_locks} for the holder's pid cost every commit a tenth of a
 * millisecond).
 */
public final class MigrationLock implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(MigrationLock.class);

    private static final long FIRST_POLL_MS = 20;

    private static final long MAX_POLL_MS = 1000;

    private static final int MAX_APPLICATION_NAME = 63;

    private final Connection lockSession;

    private final Connection connection;

    private final TableName table;

    private final int pid;

    /** The SQLSTATE of {@link #guardSql()}: an error of Confiture's own class. */
    public static final String LOCK_LOST_SQLSTATE = "CF001";

    private final String verifySql;

    private final String guardSql;

    private final @Nullable LockHolderRow holderRow;

    private MigrationLock(Connection lockSession, Connection connection, TableName table, long runKey, int pid,
            @Nullable LockHolderRow holderRow) {
        this.lockSession = lockSession;
        this.connection = connection;
        this.table = table;
        this.pid = pid;
        // The run's own key is held exclusively by the lock session's transaction alone, together with the table's
        // key: a shared try-lock on it fails while that transaction lasts and succeeds once it has ended (the session
        // died, a server timeout ended it), and so tells, with one lock-table probe instead of a scan of pg_locks,
        // whether the table's key is still this run's. Granted, the shared lock ends with the checking transaction.
        String lost = "pg_catalog.pg_try_advisory_xact_lock_shared(" + runKey + ")";
        this.verifySql = "SELECT NOT " + lost;
        this.guardSql = "DO $confiture_guard$ BEGIN IF " + lost + " THEN RAISE EXCEPTION USING ERRCODE = '"
                + LOCK_LOST_SQLSTATE + "', MESSAGE = 'the migration lock of " + table.display().replace("'", "''")
                + " was lost'; END IF; END $confiture_guard$;";
        this.holderRow = holderRow;
    }

    /**
     * {@link #acquire(DataSource, TableName, Duration, String)} without an application name.
     */
    public static MigrationLock acquire(DataSource dataSource, TableName table, Duration maxWait) {
        return acquire(dataSource, table, maxWait, null);
    }

    /**
     * Takes the lock on a dedicated connection, waiting at most {@code maxWait}, then opens the connection that
     * works under it.
     * @param dataSource where to connect
     * @param table the tracking table the lock protects
     * @param maxWait how long to wait for another migrator (of this tool or upstream's) to finish
     * @param application the application name to show in {@code pg_stat_activity} and upstream's
     * {@code confiture_lock_holder}, or {@code null}
     * @return the held lock; close it to release the lock and both connections
     * @throws ConfitureException LOCK_WAIT_TIMEOUT naming the holder when the wait runs out, DATABASE_ERROR when
     * the database cannot be reached
     */
    public static MigrationLock acquire(DataSource dataSource, TableName table, Duration maxWait,
            @Nullable String application) {
        long key = keyFor(table);
        // this run's own key, random: nothing else ever takes it (see the constructor)
        UUID random = UUID.randomUUID();
        long runKey = random.getMostSignificantBits() ^ random.getLeastSignificantBits();
        String label = label(application);
        Connection lockSession = null;
        Connection connection = null;
        try {
            lockSession = dataSource.getConnection();
            lockSession.setAutoCommit(false);
            int upstreamKey = UpstreamLock.keyFor(prepareSession(lockSession));
            // The last statement is a utility one: it replaces the unnamed portal of the SELECT before it, which would
            // otherwise keep that statement's snapshot (and so an xmin that CREATE INDEX CONCURRENTLY waits for) for as
            // long as the transaction stays open.
            String poll = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; "
                    + "SELECT pg_catalog.set_config(name, '0', true) FROM pg_catalog.pg_settings WHERE name IN "
                    + "('statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'transaction_timeout'); "
                    + "SELECT pg_catalog.pg_try_advisory_xact_lock_shared(" + UpstreamLock.NAMESPACE + ", " + upstreamKey
                    + "), pg_catalog.pg_try_advisory_xact_lock(" + key + ") AND pg_catalog.pg_try_advisory_xact_lock("
                    + runKey + "), pg_catalog.pg_backend_pid(), to_regclass('" + LockHolderRow.NAME + "')::text; "
                    + "SET LOCAL application_name = '" + label + "'";
            long deadline = System.nanoTime() + maxWait.toNanos();
            long pause = FIRST_POLL_MS;
            boolean logged = false;
            Granted granted;
            while ((granted = tryLock(lockSession, poll)) == null) {
                lockSession.rollback();
                if (System.nanoTime() - deadline >= 0) {
                    String holder = describeHolders(lockSession, key, upstreamKey);
                    throw new ConfitureException(ErrorCode.LOCK_WAIT_TIMEOUT, "Another migrator held the migration lock of "
                            + table.display() + " for longer than " + maxWait + " (" + holder + "); nothing was changed",
                            "Wait for it to finish and retry, or raise " + Setting.LOCK_WAIT.token());
                }
                if (!logged) {
                    logger.info("Waiting for the migration lock of {} ({}), at most {}", table.display(),
                            describeHolders(lockSession, key, upstreamKey), maxWait);
                    logged = true;
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, MAX_POLL_MS);
            }
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            LockHolderRow holderRow = (granted.holderTable() != null)
                    ? new LockHolderRow(granted.holderTable(), upstreamKey) : null;
            if (holderRow != null) {
                holderRow.write(connection, label);
            }
            return new MigrationLock(lockSession, connection, table, runKey, granted.pid(), holderRow);
        }
        catch (SQLException ex) {
            Jdbc.closeQuietly(connection);
            Jdbc.closeQuietly(lockSession);
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not take the migration lock of "
                    + table.display() + ": " + ex.getMessage() + LostSession.settingBehind(ex.getSQLState()), null,
                    "Check that the database is reachable", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            Jdbc.closeQuietly(lockSession);
            throw new ConfitureException(ErrorCode.INTERRUPTED, "Interrupted while waiting for the migration lock of "
                    + table.display() + "; nothing was changed", null, "Run the command again", ex);
        }
        catch (RuntimeException ex) {
            Jdbc.closeQuietly(connection);
            Jdbc.closeQuietly(lockSession);
            throw ex;
        }
    }

    /**
     * This tool's advisory lock key of a tracking table: the first 8 bytes of SHA-256 over
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
     * The connection every operation under the lock works on (bookkeeping and migrations), in autocommit mode.
     * It is not the lock session: that one only holds the lock.
     * @return the connection
     */
    public Connection connection() {
        return connection;
    }

    /**
     * Checks, with one query on the work connection, that the lock session still holds the table's key in the
     * transaction that took it (that the run's own key is still held). Runs before a step that cannot be undone (a
     * statement in autocommit); commits check inside their own batch with {@link #guardSql()}.
     * @param before what is about to happen, for the message, e.g. {@code "statement 3 of 4 of 002_backfill"}
     * @throws LockLostException when it does not, naming the cause (the lock session's error: a terminated backend,
     * a server timeout with the setting's name, a broken connection); SQLException when the check itself fails
     */
    public void requireHeld(String before) throws SQLException {
        boolean held;
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(verifySql)) {
            held = result.next() && result.getBoolean(1);
        }
        if (!held) {
            throw lost(before);
        }
    }

    /**
     * A statement to put first in a batch that commits: it raises SQLSTATE {@value #LOCK_LOST_SQLSTATE} when the lock
     * session no longer holds the table's key, so the transaction is rolled back instead of committed. The check and
     * the commit travel in one message, and a transactional migration commits only while its run holds the lock.
     * @return {@code DO} block ending with {@code ;}
     */
    public String guardSql() {
        return guardSql;
    }

    /**
     * @param error what a statement or a commit threw
     * @param before what was about to happen, for the message
     * @return the loss of the lock, when {@code error} is the {@link #guardSql() guard} refusing a commit; otherwise
     * {@code null}
     */
    public @Nullable LockLostException lostBy(@Nullable Throwable error, String before) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && LOCK_LOST_SQLSTATE.equals(sql.getSQLState())) {
                return lost(before);
            }
        }
        return null;
    }

    private LockLostException lost(String before) {
        return new LockLostException("The migration lock of " + table.display() + " was lost before " + before + ": "
                + LostSession.cause(lockSession, pid) + ". Another migrator may already hold it, so nothing more runs in "
                + "this run", "Find out why the lock session ended, then run migrate again: it continues with what is "
                        + "still pending, never beside another migrator");
    }

    /**
     * Releases the lock (ends the lock session's transaction) and closes both connections. If the lock session is
     * broken, PostgreSQL has already released the lock with it.
     */
    @Override
    public void close() {
        if (holderRow != null) {
            holderRow.clear(connection);
        }
        Jdbc.closeQuietly(connection);
        try {
            lockSession.rollback();
            lockSession.setAutoCommit(true);
            try (Statement reset = lockSession.createStatement()) {
                // back as the pool lent it: the session-level setting made while waiting
                reset.execute("SELECT pg_catalog.set_config(name, reset_val, false) FROM pg_catalog.pg_settings "
                        + "WHERE name = 'idle_session_timeout'");
            }
        }
        catch (SQLException ex) {
            logger.debug("Could not end the lock session's transaction; closing the session releases the lock", ex);
        }
        finally {
            Jdbc.closeQuietly(lockSession);
        }
    }

    /**
     * Sends one poll (transaction settings and both try-locks in one round trip) and reads its answer.
     * @return the lock session's identity when both locks were granted; {@code null} when not (then the caller
     * rolls back, which releases whichever one was)
     */
    private static @Nullable Granted tryLock(Connection lockSession, String poll) throws SQLException {
        try (Statement statement = lockSession.createStatement()) {
            Granted granted = null;
            for (boolean isResultSet = statement.execute(poll); isResultSet || statement.getUpdateCount() != -1;
                    isResultSet = statement.getMoreResults()) {
                if (isResultSet) {
                    try (ResultSet result = statement.getResultSet()) {
                        if (result.getMetaData().getColumnCount() == 4 && result.next() && result.getBoolean(1)
                                && result.getBoolean(2)) {
                            granted = new Granted(result.getInt(3), result.getString(4));
                        }
                    }
                }
            }
            return granted;
        }
    }

    /**
     * The lock session that got the locks: its backend pid, and upstream's holder table as {@code search_path} finds
     * it, if it exists.
     */
    private record Granted(int pid, @Nullable String holderTable) {
    }

    /**
     * Reads the database name and makes the lock session immune to {@code idle_session_timeout} for its life (it idles
     * between polls while it waits); the setting is committed at once, and reset on release.
     */
    private static String prepareSession(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_catalog.current_database(), (SELECT count(pg_catalog."
                        + "set_config(name, '0', false)) FROM pg_catalog.pg_settings WHERE name = 'idle_session_timeout')")) {
            result.next();
            String database = result.getString(1);
            connection.commit();
            return database;
        }
        catch (SQLException | RuntimeException ex) {
            connection.rollback();
            throw ex;
        }
    }

    /** The pg_locks condition for an advisory lock taken with one bigint key. */
    private static String keyCondition(long key) {
        return "classid = '" + (key >>> 32) + "'::oid AND objid = '" + (key & 0xFFFFFFFFL) + "'::oid AND objsubid = 1";
    }

    /**
     * Who holds this tool's key and upstream's, from {@code pg_locks}, {@code pg_stat_activity} and upstream's
     * {@code confiture_lock_holder}. Leaves no transaction open.
     */
    private static String describeHolders(Connection connection, long key, int upstreamKey) {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT CASE WHEN l.objsubid = 2 THEN 'upstream Confiture''s lock'"
                        + " ELSE 'this table''s lock' END, a.pid, a.application_name, a.client_addr, a.backend_start, l.mode "
                        + "FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
                        + "WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_catalog.pg_database "
                        + "WHERE datname = pg_catalog.current_database()) AND ((" + keyCondition(key) + ") OR (l.classid = '"
                        + UpstreamLock.NAMESPACE + "'::oid AND l.objid = '" + upstreamKey + "'::oid AND l.objsubid = 2)) "
                        + "ORDER BY l.objsubid, a.pid")) {
            StringBuilder holders = new StringBuilder();
            boolean upstream = false;
            while (result.next()) {
                upstream |= result.getString(1).startsWith("upstream") && !"ShareLock".equals(result.getString(6));
                holders.append(holders.isEmpty() ? "" : "; ").append(result.getString(1)).append(" held by backend pid ")
                        .append(result.getInt(2)).append(" of application '").append(result.getString(3)).append("' from ")
                        .append((result.getString(4) != null) ? result.getString(4) : "a local socket")
                        .append(" connected since ").append(result.getString(5));
            }
            connection.rollback();
            if (upstream) {
                String row = LockHolderRow.describe(connection, upstreamKey);
                connection.rollback();
                if (row != null) {
                    holders.append(" (upstream Confiture recorded the holder: ").append(row).append(')');
                }
            }
            return holders.isEmpty() ? "holder not visible" : holders.toString();
        }
        catch (SQLException ex) {
            try {
                connection.rollback();
            }
            catch (SQLException ignored) {
                // the connection is broken; the caller's next statement says so
            }
            return "holder unknown: " + ex.getMessage();
        }
    }

    /**
     * What the lock session shows in {@code pg_stat_activity.application_name}: the tool, the application and the
     * host, kept to PostgreSQL's 63 bytes and to characters that need no quoting.
     */
    static String label(@Nullable String application) {
        String text = "confiture lock " + ((application != null) ? application + " " : "") + "on "
                + EventOrigin.localHost() + " pid " + ProcessHandle.current().pid();
        String safe = text.replaceAll("[^A-Za-z0-9 ._:@()/+-]", "_");
        return (safe.length() > MAX_APPLICATION_NAME) ? safe.substring(0, MAX_APPLICATION_NAME) : safe;
    }
}
