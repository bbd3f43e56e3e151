package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.lock.LockLostException;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.MigrationVersion;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.state.MigrationEntry;
import dev.confiture.state.MigrationState;
import dev.confiture.state.SchemaState;
import dev.confiture.tracking.AppliedMigration;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.LastAttempt;
import dev.confiture.tracking.RunJournal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repair and approve operations: bookkeeping decisions a person makes, each recorded as an event.
 */
public final class Repairer {

    private static final Logger logger = LoggerFactory.getLogger(Repairer.class);

    private final Bookkeeping bookkeeping;

    /**
     * @param migrator the migrator whose configuration and tables to share
     */
    public Repairer(Migrator migrator) {
        this.bookkeeping = migrator.bookkeeping();
    }

    /**
     * Accepts the current checksum of applied files that changed, keeps rollback-pending migrations
     * applied, and clears failed attempts (a failed non-transactional migration then starts again at
     * statement 1). Every action is an event.
     * @param discovered the migrations found
     * @return what was repaired
     */
    public RepairResult repair(DiscoveredMigrations discovered) {
        try (MigrationLock lock = bookkeeping.lock()) {
            Connection connection = lock.connection();
            bookkeeping.prepareTables(connection);
            SchemaState state = bookkeeping.readState(connection, discovered);
            RunJournal journal = bookkeeping.journal();
            List<String> actions = new ArrayList<>();
            for (MigrationEntry entry : state.entries()) {
                String action = repair(lock, entry, journal);
                if (action != null) {
                    actions.add(entry.slug() + ": " + action);
                    logger.info("Repaired {}: {}", entry.slug(), action);
                }
            }
            return new RepairResult(actions);
        }
        catch (SQLException ex) {
            throw bookkeeping.databaseError("repair", ex);
        }
    }

    /**
     * Records an approval of a migration's current file, for environments that require approvals.
     * @param discovered the migrations found
     * @param version the version to approve
     * @param approvedBy who approves
     * @return the approval
     */
    public ApprovalResult approve(DiscoveredMigrations discovered, MigrationVersion version, String approvedBy) {
        ResolvedMigration migration = discovered.find(version);
        if (migration == null || migration.checksum() == null) {
            throw new ConfitureException(ErrorCode.UNKNOWN_VERSION, "No migration file has version " + version.text()
                    + " to approve", "Approve a version listed by status; an approval covers one file's checksum");
        }
        if (approvedBy.isBlank()) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "An approval needs the name of who approves",
                    "Pass a name, e.g. the approver's user name");
        }
        try (MigrationLock lock = bookkeeping.lock()) {
            bookkeeping.prepareTables(lock.connection());
            Instant now = Instant.now();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("checksum", migration.checksum());
            details.put("approved_by", approvedBy);
            RunJournal journal = bookkeeping.journal();
            journal.record(lock.connection(), journal.event(migration, EventKind.APPROVAL, EventStatus.SUCCEEDED, now, now,
                    null, details));
            logger.info("{} approved {} (checksum {})", approvedBy, migration.slug(), migration.checksum());
            return new ApprovalResult(version.text(), migration.slug(), migration.checksum(), approvedBy, now);
        }
        catch (SQLException ex) {
            throw bookkeeping.databaseError("approve", ex);
        }
    }

    /**
     * Repairs one migration, if it needs it: the checksum update and its event commit together, while the run holds
     * the lock.
     */
    private @Nullable String repair(MigrationLock lock, MigrationEntry entry, RunJournal journal) throws SQLException {
        ResolvedMigration migration = entry.migration();
        if (migration == null) {
            return null;
        }
        LastAttempt attempt = entry.lastAttempt();
        int completed = (attempt != null && !attempt.transactional()) ? attempt.completedStatements() : 0;
        String action = switch (entry.state()) {
            case CHECKSUM_MISMATCH -> "accepted checksum " + migration.checksum() + " (was "
                    + Objects.requireNonNull(entry.applied()).checksum() + ")";
            case ROLLBACK_PENDING -> "kept applied; no longer rollback-pending" + ((completed > 0) ? ", although "
                    + completed + " statement(s) of its down had completed and stay done: the schema is partly reverted "
                    + "until you redo them by hand" : "");
            case FAILED -> "failed attempt cleared; the next migrate starts it from statement 1" + ((completed > 0)
                    ? ", although " + completed + " of its statements had completed and stay done: undo them first, or "
                            + "the next migrate runs them again" : "");
            default -> null;
        };
        if (action == null) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        Connection connection = lock.connection();
        connection.setAutoCommit(false);
        try {
            if (entry.state() == MigrationState.CHECKSUM_MISMATCH) {
                AppliedMigration row = Objects.requireNonNull(entry.applied());
                bookkeeping.trackingTable().updateChecksum(connection, row.version(),
                        Objects.requireNonNull(migration.checksum()));
                details.put("old_checksum", row.checksum());
                details.put("checksum", migration.checksum());
            }
            details.put("action", action);
            Instant now = Instant.now();
            journal.commit(connection, lock.guardSql(), List.of(journal.event(migration, EventKind.REPAIR,
                    EventStatus.SUCCEEDED, now, now, null, details)));
            return action;
        }
        catch (SQLException | RuntimeException ex) {
            journal.rollBack(connection);
            LockLostException lost = lock.lostBy(ex, "the repair of " + migration.slug());
            if (lost != null) {
                throw lost;
            }
            throw ex;
        }
        finally {
            Jdbc.restoreAutoCommit(connection);
        }
    }
}
