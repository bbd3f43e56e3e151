package dev.confiture.execution;

import dev.confiture.api.Callback;
import dev.confiture.api.CallbackEvent;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.jdbc.ServerError;
import dev.confiture.jdbc.TimeoutSettings;
import dev.confiture.lock.LockLostException;
import dev.confiture.migration.CallbackScript;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.MigrationMetadata;
import dev.confiture.sql.SqlStatement;
import dev.confiture.tracking.EventStatus;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callbacks of one run: the SQL callback files of its locations (in file-name order), then the Java callbacks
 * (in configuration order). Each runs on the run's connection in a transaction of its own that commits together
 * with its event, behind the lock guard, starting from the run's session state; a failure rolls it back, is recorded,
 * and fails the run with file and line, except after an error, where it is only recorded and logged.
 */
final class Callbacks {

    private static final Logger logger = LoggerFactory.getLogger(Callbacks.class);

    private final List<CallbackScript> scripts;

    private final Map<CallbackScript, ExecutionPlan> plans = new LinkedHashMap<>();

    private final List<Callback> javaCallbacks;

    private final ConfitureConfiguration configuration;

    /**
     * Plans every SQL callback file, so that a bad one stops the run before anything runs.
     * @throws ConfitureException naming the file, as for a migration
     */
    Callbacks(DiscoveredMigrations discovered, ConfitureConfiguration configuration, ScriptPlanner planner) {
        this.scripts = discovered.callbacks();
        this.javaCallbacks = configuration.callbacks();
        this.configuration = configuration;
        scripts.forEach(script -> plans.put(script, planner.planCallback(script)));
    }

    boolean isEmpty() {
        return scripts.isEmpty() && javaCallbacks.isEmpty();
    }

    /**
     * Runs the callbacks of an event.
     * @param migration the slug of the migration the event is about, or {@code null}
     * @throws ConfitureException CALLBACK_FAILED (recorded)
     * @throws LockLostException when the run lost the lock
     */
    void run(CallbackEvent event, StepRunner steps, @Nullable String migration) {
        run(event, steps, migration, false);
    }

    /**
     * @param keepGoing whether the callbacks after a failed one still run (after an error: an alerting callback
     * must not be skipped because another one failed); the first failure is thrown after them, the others suppressed
     */
    private void run(CallbackEvent event, StepRunner steps, @Nullable String migration, boolean keepGoing) {
        List<RuntimeException> failures = new ArrayList<>();
        for (CallbackScript script : scripts) {
            if (script.event() == event) {
                ExecutionPlan plan = java.util.Objects.requireNonNull(plans.get(script));
                TimeoutSettings timeouts = TimeoutSettings.of(configuration, script.metadata());
                attempt(failures, keepGoing, () -> runOne(event, steps, migration, script.name(), script.source(), plan,
                        (connection, current) -> {
                    String timeoutCommands = plan.statements().isEmpty() ? null
                            : Jdbc.setLocalTimeouts(connection, timeouts);
                    for (SqlStatement statement : plan.statements()) {
                        current.statement = statement;
                        Jdbc.execute(connection, statement, timeoutCommands);
                        timeoutCommands = null;
                    }
                    current.statement = null;
                }));
            }
        }
        for (Callback callback : javaCallbacks) {
            if (callback.supports(event)) {
                TimeoutSettings timeouts = TimeoutSettings.of(configuration, MigrationMetadata.NONE);
                attempt(failures, keepGoing, () -> runOne(event, steps, migration, callback.name(),
                        callback.getClass().getName(), null, (connection, current) -> {
                            Jdbc.applyTimeouts(connection, timeouts, true);
                            callback.handle(event, connection, migration);
                        }));
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void attempt(List<RuntimeException> failures, boolean keepGoing, Runnable callback) {
        try {
            callback.run();
        }
        catch (LockLostException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            if (!keepGoing) {
                throw ex;
            }
            failures.add(ex);
        }
    }

    /**
     * Runs the callbacks of an event that follows a failure: never throws, so the failure is what the caller sees
     * (a callback's own failure is recorded, logged and added to it as suppressed). Nothing runs after the lock was
     * lost or a stop was asked for.
     */
    void runAfterError(CallbackEvent event, StepRunner steps, Exception failure) {
        if (failure instanceof LockLostException
                || (failure instanceof ConfitureException refused && refused.code() == ErrorCode.INTERRUPTED)) {
            return;
        }
        try {
            run(event, steps, null, true);
        }
        catch (RuntimeException ex) {
            logger.warn("{}", ex.getMessage());
            failure.addSuppressed(ex);
        }
    }

    /** The work of one callback, on the connection in its transaction. */
    @FunctionalInterface
    private interface Work {

        void run(Connection connection, CurrentStatement current) throws Exception;
    }

    private void runOne(CallbackEvent event, StepRunner steps, @Nullable String migration, String name, String source,
            @Nullable ExecutionPlan plan, Work work) {
        Connection connection = steps.connection();
        Instant startedAt = Instant.now();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("event", event.fileName());
        details.put("source", source);
        if (migration != null) {
            details.put("migration", migration);
        }
        CurrentStatement current = new CurrentStatement();
        try {
            connection.setAutoCommit(false);
            work.run(connection, current);
            steps.journal().commit(connection, steps.session().restoreSql() + steps.lock().guardSql(),
                    List.of(steps.journal().callbackEvent(name, EventStatus.SUCCEEDED, startedAt, Instant.now(), null,
                            details)));
            logger.info("Ran callback {} ({})", name, event.fileName());
        }
        catch (Exception ex) {
            steps.rollBack();
            LockLostException lost = (ex instanceof LockLostException loss) ? loss
                    : steps.lock().lostBy(ex, "the commit of callback " + name);
            SqlStatement failed = current.statement;
            ServerError error = ServerError.of(ex, failed, source);
            steps.recordQuietly(steps.journal().callbackEvent(name, EventStatus.FAILED, startedAt, Instant.now(),
                    (lost != null) ? lost.getMessage() : error.describe(), details));
            if (lost != null) {
                throw lost;
            }
            String after = (event == CallbackEvent.AFTER_EACH_MIGRATE) ? ", and " + migration + " before it stays applied"
                    : (event == CallbackEvent.AFTER_EACH_DOWN) ? ", and " + migration + " before it stays reverted" : "";
            throw new ConfitureException(ErrorCode.CALLBACK_FAILED, "Callback " + name + " (" + event.fileName()
                    + ((migration != null) ? " of " + migration : "") + ") failed"
                    + ((failed != null && plan != null) ? " at statement " + failed.index() + " of "
                            + plan.fileStatements() + " (" + failed.summary() + ")" : "") + ": " + error.describe(),
                    error.location(), "Nothing of the callback was applied: its transaction was rolled back" + after
                            + ". Fix the callback, then run again", ex);
        }
        finally {
            Jdbc.restoreAutoCommit(connection);
            steps.discardLeftovers();
        }
    }

    /** The statement an SQL callback is running, for the error's location. */
    private static final class CurrentStatement {

        @Nullable SqlStatement statement;
    }
}
