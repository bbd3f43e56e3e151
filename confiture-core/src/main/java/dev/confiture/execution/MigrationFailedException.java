package dev.confiture.execution;

import dev.confiture.ConfitureException;
import dev.confiture.ErrorCode;
import dev.confiture.SourceLocation;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A migration failed. Carries what a deploy script needs without parsing text: the stable migration
 * id, version and slug, the statement that failed, what already ran, and the server's SQLSTATE and
 * message.
 */
public final class MigrationFailedException extends ConfitureException {

    private final transient Failure failure;

    MigrationFailedException(Failure failure, String problem, @Nullable SourceLocation location, String hint,
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
     */
    public record Failure(UUID migrationId, String version, String slug, boolean transactional, int statement,
            int statementCount, int completedStatements, @Nullable String sqlState, String serverMessage,
            @Nullable SourceLocation location) {
    }
}
