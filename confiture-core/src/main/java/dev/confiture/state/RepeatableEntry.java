package dev.confiture.state;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.confiture.migration.RepeatableMigration;
import dev.confiture.tracking.RepeatableTable.AppliedRepeatable;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One repeatable migration: its file, its record, and what migrate does with it.
 *
 * @param name the name
 * @param state applied, pending, outdated or missing
 * @param migration the file, or {@code null} when it is gone
 * @param applied the record of its last application, or {@code null} when it never ran
 */
public record RepeatableEntry(String name, State state, @Nullable RepeatableMigration migration,
        @Nullable AppliedRepeatable applied) {

    /** What migrate does with a repeatable migration. */
    public enum State {

        /** Applied with the checksum its file has now: nothing to do. */
        APPLIED,

        /** Never applied: migrate applies it. */
        PENDING,

        /** Applied with another checksum: its file changed, and migrate applies it again. */
        OUTDATED,

        /** Recorded, but its file is gone: nothing runs (what it created stays). */
        MISSING;

        /** @return the value in status JSON, e.g. {@code outdated} */
        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @return whether migrate would apply it */
    public boolean toApply() {
        return state == State.PENDING || state == State.OUTDATED;
    }
}
