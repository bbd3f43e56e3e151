package dev.confiture.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confiture.state.RepeatableEntry;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One repeatable migration in the status report.
 *
 * @param id its stable id (from its slug)
 * @param slug {@code R__{name}}
 * @param name its name
 * @param status applied, pending, outdated (its file changed since it was applied) or missing (recorded, file gone)
 * @param checksum the checksum of its file now, or {@code null} when the file is gone
 * @param appliedChecksum the checksum it was last applied with, or {@code null} when it never ran
 * @param appliedAt when it was last applied (ISO-8601 UTC), or {@code null}
 */
@JsonPropertyOrder({ "id", "slug", "name", "status", "checksum", "applied_checksum", "applied_at" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RepeatableStatus(UUID id, String slug, String name, RepeatableEntry.State status,
        @Nullable String checksum, @JsonProperty("applied_checksum") @Nullable String appliedChecksum,
        @JsonProperty("applied_at") @Nullable String appliedAt) {
}
