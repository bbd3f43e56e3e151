package dev.confiture.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Counts over all tenants.
 *
 * @param total tenants in the run
 * @param upToDate tenants with nothing pending
 * @param migrated tenants that had migrations applied
 * @param pending tenants with migrations pending (status only)
 * @param failed tenants that failed
 * @param skipped tenants not attempted
 */
@JsonPropertyOrder({ "total", "up_to_date", "migrated", "pending", "failed", "skipped" })
public record TenantSummary(int total, @JsonProperty("up_to_date") int upToDate, int migrated, int pending, int failed,
        int skipped) {

    static TenantSummary of(List<TenantResult> results) {
        return new TenantSummary(results.size(), count(results, TenantOutcome.UP_TO_DATE),
                count(results, TenantOutcome.MIGRATED), count(results, TenantOutcome.PENDING),
                count(results, TenantOutcome.FAILED), count(results, TenantOutcome.SKIPPED));
    }

    private static int count(List<TenantResult> results, TenantOutcome outcome) {
        return (int) results.stream().filter(result -> result.outcome() == outcome).count();
    }
}
