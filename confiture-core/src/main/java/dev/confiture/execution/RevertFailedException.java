package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A down script failed during {@code down}: the migration stays applied and is rollback-pending
 * until a later down succeeds or a repair clears it. Carries the migration, the server's error, and
 * what was already reverted.
 */
public final class RevertFailedException extends ConfitureException {

    private final transient UUID migrationId;

    private final transient String version;

    private final transient List<String> reverted;

    RevertFailedException(UUID migrationId, String version, List<String> reverted, String problem,
            @Nullable SourceLocation location, String hint, @Nullable Throwable cause) {
        super(ErrorCode.ROLLBACK_FAILED, problem, location, hint, cause);
        this.migrationId = migrationId;
        this.version = version;
        this.reverted = List.copyOf(reverted);
    }

    /**
     * @return the stable id of the migration whose down failed
     */
    public UUID migrationId() {
        return migrationId;
    }

    /**
     * @return the version whose down failed
     */
    public String version() {
        return version;
    }

    /**
     * @return slugs reverted before the failure, in order
     */
    public List<String> reverted() {
        return reverted;
    }
}
