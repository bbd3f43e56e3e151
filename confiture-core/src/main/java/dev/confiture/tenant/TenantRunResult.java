package dev.confiture.tenant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The outcome of migrating (or reading the status of) every tenant: one result per tenant, in the
 * order the tenants were listed, and the counts.
 *
 * @param tenants one result per tenant
 * @param summary the counts
 */
@JsonPropertyOrder({ "summary", "tenants" })
public record TenantRunResult(List<TenantResult> tenants, TenantSummary summary) {

    /**
     * @return the tenants that failed
     */
    @JsonIgnore
    public List<TenantResult> failures() {
        return tenants.stream().filter(TenantResult::failed).toList();
    }

    /**
     * @return whether every tenant succeeded (or is up to date)
     */
    @JsonIgnore
    public boolean succeeded() {
        return summary.failed() == 0 && summary.skipped() == 0;
    }
}
