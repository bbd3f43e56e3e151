package dev.confiture.state;

import dev.confiture.migration.MigrationVersion;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.tracking.AppliedMigration;
import dev.confiture.tracking.LastAttempt;
import org.jspecify.annotations.Nullable;

/**
 * One migration as the files and the database see it.
 *
 * @param version the version
 * @param migration the file or Java migration, {@code null} when it is missing
 * @param applied the tracking row, {@code null} when not applied
 * @param lastAttempt the latest lifecycle event from the event log when it is open (a failed or unfinished
 * attempt to apply, or a rollback still owed), else {@code null}
 * @param state the resulting state
 * @param approved whether an approval exists for the file's current checksum
 */
public record MigrationEntry(MigrationVersion version, @Nullable ResolvedMigration migration,
        @Nullable AppliedMigration applied, @Nullable LastAttempt lastAttempt, MigrationState state, boolean approved) {

    /**
     * An entry knows its migration from a file, from the tracking table, or both.
     */
    public MigrationEntry {
        if (migration == null && applied == null) {
            throw new IllegalArgumentException("version " + version + " has neither a migration nor a tracking row");
        }
    }

    /**
     * @return {@code {version}_{name}}
     */
    public String slug() {
        return (migration != null) ? migration.slug() : java.util.Objects.requireNonNull(applied).slug();
    }

    /**
     * @return the name
     */
    public String name() {
        return (migration != null) ? migration.name() : java.util.Objects.requireNonNull(applied).name();
    }
}
