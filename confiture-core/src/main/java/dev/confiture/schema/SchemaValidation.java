package dev.confiture.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.confiture.schema.lint.LintReport;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether the schema files apply, and what lint finds in the schema they build. Nothing stays behind:
 * the files run in a transaction that is always rolled back.
 *
 * @param checkedIn where the files were applied
 * @param files how many schema files there are ({@code 0} when they could not be read)
 * @param statements how many statements ran before the end or the first error
 * @param error the first error, with file and line, or {@code null} when every statement applied
 * @param lint what lint found in the built schema, or {@code null} when the files do not apply
 * @param ms how long it took, in milliseconds
 */
@JsonPropertyOrder({ "valid", "applies", "checked_in", "files", "statements", "error", "lint", "duration_ms" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SchemaValidation(@JsonProperty("checked_in") CheckedIn checkedIn, int files, int statements,
        @Nullable SchemaError error, @Nullable LintReport lint, @JsonProperty("duration_ms") long ms) {

    /** @return whether every statement of every schema file applied */
    @JsonProperty("applies")
    public boolean applies() {
        return error == null;
    }

    /** @return whether the files apply and lint found no error */
    @JsonProperty("valid")
    public boolean valid() {
        return applies() && (lint == null || !lint.hasErrors());
    }

    /**
     * Where validation applied the schema files.
     */
    public enum CheckedIn {

        /** In a rolled-back transaction on the configured DataSource, whose database was empty. */
        TRANSACTION,

        /** In a rolled-back transaction in a scratch database on the same server, dropped afterwards. */
        SCRATCH_DATABASE,

        /** Nowhere: the files could not be read or split, so nothing ran. */
        NOT_APPLIED;

        /** @return the JSON value, lower-case */
        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
