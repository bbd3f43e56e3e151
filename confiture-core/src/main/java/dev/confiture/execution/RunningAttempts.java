package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.LastAttempt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Never resumes beside an attempt that may still be running. An attempt of a non-transactional migration records
 * the server session that runs it; when the next run finds it never ended (no success or failure event) while that
 * session is still connected ({@code pg_stat_activity}, pid and start time), the earlier migrator may have lost
 * the lock but still be working: the run waits for the attempt to end or its session to go (or to be idle for ten
 * seconds: a live migrator is idle only between two statements, and a pooler keeps server connections open after their
 * client is gone), at most the lock wait, and then refuses with {@link ErrorCode#ATTEMPT_STILL_RUNNING}.
 */
final class RunningAttempts {

    private static final Logger logger = LoggerFactory.getLogger(RunningAttempts.class);

    private static final long POLL_MS = 200;

    private final EventLog eventLog;

    private final Duration maxWait;

    private final LastAttempt.Backend own;

    private RunningAttempts(EventLog eventLog, Duration maxWait, LastAttempt.Backend own) {
        this.eventLog = eventLog;
        this.maxWait = maxWait;
        this.own = own;
    }

    /**
     * @param connection the run's connection, whose session attempts of this run record
     */
    static RunningAttempts of(Connection connection, EventLog eventLog, Duration maxWait) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pid, extract(epoch FROM backend_start)::text "
                        + "FROM pg_catalog.pg_stat_activity WHERE pid = pg_catalog.pg_backend_pid()")) {
            result.next();
            return new RunningAttempts(eventLog, maxWait, new LastAttempt.Backend(result.getInt(1), result.getString(2)));
        }
    }

    /**
     * @return what an attempt's {@code started} event records about the session running it
     */
    Map<String, Object> backendDetails() {
        return Map.of("backend_pid", own.pid(), "backend_start", own.start());
    }

    /**
     * Returns once every attempt that never ended has ended or its session is gone or idle.
     * @throws ConfitureException ATTEMPT_STILL_RUNNING when one does not within the lock wait
     */
    void awaitAll(Connection connection) throws SQLException {
        for (LastAttempt attempt : eventLog.openAttempts(connection).values()) {
            if (attempt.neverEnded()) {
                awaitEnd(connection, attempt.version(), attempt);
            }
        }
    }

    /**
     * Returns once the attempt has ended or its session is gone.
     * @throws ConfitureException ATTEMPT_STILL_RUNNING when neither happens within the lock wait
     */
    private void awaitEnd(Connection connection, String version, LastAttempt attempt) {
        LastAttempt.Backend backend = attempt.backend();
        if (backend == null || backend.equals(own)) {
            return;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean logged = false;
        try (PreparedStatement query = connection.prepareStatement("SELECT a.state, a.application_name, a.query_start, "
                + "EXISTS (SELECT 1 FROM " + eventLog.name().sql() + " e WHERE e.kind = ? AND e.status IN (?, ?) "
                + "AND e.details->>'attempt_id' = ?) FROM pg_catalog.pg_stat_activity a "
                // pg_stat_activity hides backend_start and state of another role's sessions: a session that cannot
                // be told apart is taken to be still running.
                + "WHERE a.pid = ? AND (a.backend_start IS NULL OR extract(epoch FROM a.backend_start)::text = ?) "
                // A session idle for a while runs nothing: a live migrator is idle only for the moment between two
                // statements (and every commit of its checks the lock anyway), and a pooler keeps its server
                // connections open (and idle) after a client is gone.
                + "AND (a.state IS NULL OR a.state <> 'idle' OR a.state_change > now() - interval '10 seconds')")) {
            query.setString(1, attempt.kind().value());
            query.setString(2, EventStatus.SUCCEEDED.value());
            query.setString(3, EventStatus.FAILED.value());
            query.setString(4, attempt.attemptId().toString());
            query.setInt(5, backend.pid());
            query.setString(6, backend.start());
            while (true) {
                String running;
                try (ResultSet result = query.executeQuery()) {
                    if (!result.next() || result.getBoolean(4)) {
                        return;
                    }
                    running = (result.getString(1) == null) ? "backend pid " + backend.pid() + ", a session of another "
                            + "role whose state this role may not see" : "backend pid " + backend.pid() + " of application '"
                                    + result.getString(2) + "', " + result.getString(1) + " since " + result.getString(3);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new ConfitureException(ErrorCode.ATTEMPT_STILL_RUNNING, "An earlier attempt of version " + version
                            + " never ended and the session that ran it is still connected (" + running + "), so it may "
                            + "still be running; Confiture does not resume beside it. Nothing was changed",
                            "Wait for that session to finish; if its process is gone, end the session with SELECT "
                                    + "pg_terminate_backend(" + backend.pid() + "), then run migrate again");
                }
                if (!logged) {
                    logger.info("Version {}: waiting for an earlier attempt whose session is still busy ({}), at most {}",
                            version, running, maxWait);
                    logged = true;
                }
                Thread.sleep(POLL_MS);
            }
        }
        catch (SQLException ex) {
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not check whether an earlier attempt of version " + version
                    + " is still running: " + ex.getMessage(), null, "Check that the database is reachable", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ConfitureException(ErrorCode.ATTEMPT_STILL_RUNNING, "Interrupted while waiting for an earlier attempt "
                    + "of version " + version + " to end", null, null, ex);
        }
    }
}
