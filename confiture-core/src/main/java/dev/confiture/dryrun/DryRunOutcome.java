package dev.confiture.dryrun;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What the dry run did with one migration; lower-case in JSON.
 */
public enum DryRunOutcome {

    /** Executed inside the dry run's transaction, then rolled back with it. */
    ROLLED_BACK,

    /**
     * Not executed: it cannot run inside a transaction (a statement PostgreSQL refuses in a
     * transaction block, or {@code transactional=false}), so executing it would apply it.
     */
    NOT_DRY_RUNNABLE,

    /** Executed and failed; migrate would fail here too. */
    FAILED,

    /** Not executed, because an earlier migration failed in the same dry run. */
    SKIPPED;

    /**
     * @return the JSON value, e.g. {@code not_dry_runnable}
     */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
