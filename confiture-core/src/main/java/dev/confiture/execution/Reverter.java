package dev.confiture.execution;

import dev.confiture.ConfitureException;
import dev.confiture.ErrorCode;
import dev.confiture.migration.Migration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.sql.SqlStatement;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventStatus;
import java.sql.Connection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reverts one applied migration with its down script. A transactional down runs in one transaction
 * together with the removal of the tracking row and the rollback event; a non-transactional one runs
 * statement by statement, then removes the row. A failed down leaves the migration applied, with a
 * failed rollback event that makes it rollback-pending.
 */
final class Reverter {

    private final Bookkeeping bookkeeping;

    private final ScriptPlanner planner;

    private final Connection eventConnection;

    private final UUID runId;

    Reverter(Bookkeeping bookkeeping, ScriptPlanner planner, Connection eventConnection, UUID runId) {
        this.bookkeeping = bookkeeping;
        this.planner = planner;
        this.eventConnection = eventConnection;
        this.runId = runId;
    }

    /**
     * Refuses, before anything runs, when any of the migrations has no down.
     * @param migrations the migrations to revert
     * @param why what needs the downs, for the message
     */
    static void requireDowns(List<ResolvedMigration> migrations, String why) {
        List<String> missing = migrations.stream().filter(migration -> !migration.reversible())
                .map(migration -> (migration.up() != null) ? migration.source() + " has no "
                        + migration.slug() + ".down.sql next to it" : migration.source() + " is not reversible")
                .toList();
        if (!missing.isEmpty()) {
            throw new ConfitureException(ErrorCode.DOWN_MISSING, why + ", but " + String.join("; ", missing),
                    "Write the down script(s) (or implement reversible() and down() in the Java migration); nothing was "
                            + "changed");
        }
    }

    RevertedMigration revert(Connection connection, ResolvedMigration migration, String rowVersion) {
        ExecutionPlan plan = planner.planDown(migration);
        TimeoutSettings timeouts = TimeoutSettings.of(bookkeeping.configuration(), migration.metadata());
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        SqlStatement current = null;
        try {
            connection.setAutoCommit(plan.transactional() ? false : true);
            Jdbc.applyTimeouts(connection, timeouts, plan.transactional());
            Migration java = migration.java();
            if (java != null) {
                java.down(connection);
            }
            for (SqlStatement statement : plan.statements()) {
                current = statement;
                Jdbc.execute(connection, statement);
            }
            current = null;
            long elapsedMs = Bookkeeping.elapsedMs(start);
            connection.setAutoCommit(false);
            bookkeeping.trackingTable().delete(connection, rowVersion);
            bookkeeping.eventLog().append(connection, Bookkeeping.event(runId, migration, EventKind.ROLLBACK,
                    EventStatus.SUCCEEDED, startedAt, Instant.now(), null, details(plan, null)));
            connection.commit();
            bookkeeping.eventLog().committed(connection);
            return new RevertedMigration(migration.id(), migration.version().text(), migration.name(), migration.slug(),
                    elapsedMs, plan.transactional());
        }
        catch (Exception ex) {
            Jdbc.rollbackQuietly(connection);
            bookkeeping.eventLog().rolledBack(connection);
            String source = (migration.down() != null) ? migration.down().description() : migration.source();
            ServerError error = ServerError.of(ex, current, source);
            bookkeeping.appendQuietly(eventConnection, Bookkeeping.event(runId, migration, EventKind.ROLLBACK,
                    EventStatus.FAILED, startedAt, Instant.now(), error.describe(), details(plan, current)));
            throw new RevertFailure(migration, error, ex);
        }
        finally {
            if (!plan.transactional()) {
                Jdbc.resetTimeouts(connection, timeouts);
            }
            Jdbc.restoreAutoCommit(connection);
        }
    }

    private static Map<String, Object> details(ExecutionPlan plan, @Nullable SqlStatement failed) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("transactional", plan.transactional());
        details.put("statements", plan.statements().size());
        if (failed != null) {
            details.put("statement", failed.index());
            details.put("line", failed.line());
        }
        return details;
    }

    /**
     * A down failed; carries what the server said and where.
     */
    static final class RevertFailure extends RuntimeException {

        private final transient ResolvedMigration migration;

        private final transient ServerError error;

        RevertFailure(ResolvedMigration migration, ServerError error, Throwable cause) {
            super(error.describe(), cause);
            this.migration = migration;
            this.error = error;
        }

        ResolvedMigration migration() {
            return migration;
        }

        ServerError error() {
            return error;
        }
    }
}
