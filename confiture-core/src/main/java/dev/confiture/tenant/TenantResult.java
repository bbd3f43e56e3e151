package dev.confiture.tenant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confiture.api.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's outcome.
 *
 * @param schema the tenant's schema
 * @param outcome what happened
 * @param applied how many migrations this run applied
 * @param pending how many migrations are pending afterwards
 * @param current the newest applied version afterwards, or {@code null}
 * @param errorCode the error's code when it failed
 * @param error what went wrong (file, line, server message), when it failed
 * @param durationMs how long this tenant took
 */
@JsonPropertyOrder({ "schema", "outcome", "applied", "pending", "current", "error_code", "error", "duration_ms" })
public record TenantResult(String schema, TenantOutcome outcome, int applied, int pending, @Nullable String current,
        @JsonProperty("error_code") @Nullable ErrorCode errorCode, @Nullable String error,
        @JsonProperty("duration_ms") long durationMs) {

    /**
     * @return whether this tenant failed
     */
    @JsonIgnore
    public boolean failed() {
        return outcome == TenantOutcome.FAILED;
    }
}
