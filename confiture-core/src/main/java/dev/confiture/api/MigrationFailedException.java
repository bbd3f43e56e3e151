package dev.confiture.api;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A migration failed. Carries what a deploy script needs without parsing text: the stable migration
 * id, version and slug, the statement that failed, what already ran, the server's SQLSTATE and
 * message, and (with {@code on-failure=rollback-run}) what was rolled back and what still has to be.
 */
public final class MigrationFailedException extends ConfitureException {

    private final transient Failure failure;

    /**
     * @param failure the facts of the failure
     * @param problem what failed, as a sentence
     * @param location the file, line and column of the failing statement, if any
     * @param hint what is (not) applied and what to do
     * @param cause the server's error
     */
    public MigrationFailedException(Failure failure, String problem, @Nullable SourceLocation location, String hint,
            @Nullable Throwable cause) {
        super(ErrorCode.MIGRATION_FAILED, problem, location, hint, cause);
        this.failure = failure;
    }

    /**
     * @return the facts of the failure
     */
    public Failure failure() {
        return failure;
    }

    /**
     * The same failure after the run's earlier migrations were reverted (or tried to be).
     * @param rolledBack slugs reverted, in the order they were reverted
     * @param rollbackPending slugs still applied that have to be reverted (a down failed)
     * @param outcome what happened and what to do next, appended to the hint
     * @return the failure with the rollback facts
     */
    public MigrationFailedException withRollback(List<String> rolledBack, List<String> rollbackPending, String outcome) {
        Failure withRollback = new Failure(failure.migrationId(), failure.version(), failure.slug(), failure.transactional(),
                failure.statement(), failure.statementCount(), failure.completedStatements(), failure.sqlState(),
                failure.serverMessage(), failure.location(), List.copyOf(rolledBack), List.copyOf(rollbackPending));
        MigrationFailedException exception = new MigrationFailedException(withRollback, problem(), location(),
                hint() + ". " + outcome, getCause());
        exception.setStackTrace(getStackTrace());
        return exception;
    }

    /**
     * The facts of a failed migration.
     *
     * @param migrationId the migration's stable id
     * @param version the version text
     * @param slug {@code {version}_{name}}
     * @param transactional whether it ran in a transaction (then nothing of it is applied)
     * @param statement the 1-based statement that failed, or 0 for a Java migration
     * @param statementCount the statements in the file, or 0 for a Java migration
     * @param completedStatements for a non-transactional migration, how many statements completed and stay applied
     * @param sqlState the server's SQLSTATE, if the server reported the error
     * @param serverMessage the server's message (or the exception's)
     * @param location where in the file the error is, if known
     * @param rolledBack slugs of the run's earlier migrations that were reverted (on-failure=rollback-run)
     * @param rollbackPending slugs of the run's earlier migrations still to be reverted (a down failed)
     */
    public record Failure(UUID migrationId, String version, String slug, boolean transactional, int statement,
            int statementCount, int completedStatements, @Nullable String sqlState, String serverMessage,
            @Nullable SourceLocation location, List<String> rolledBack, List<String> rollbackPending) {
    }
}
