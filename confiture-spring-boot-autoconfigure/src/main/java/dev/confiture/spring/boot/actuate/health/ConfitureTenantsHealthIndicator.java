package dev.confiture.spring.boot.actuate.health;

import dev.confiture.tenant.TenantMigrations;
import dev.confiture.tenant.TenantResult;
import dev.confiture.tenant.TenantRunResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of every tenant schema: UP when all are up to date, OUT_OF_SERVICE while some have
 * pending migrations, DOWN when some failed; the details give the counts and, per failing or pending
 * tenant, why. Reads every tenant's status (in parallel, as configured) on each check.
 */
public class ConfitureTenantsHealthIndicator extends AbstractHealthIndicator {

    private final TenantMigrations tenants;

    /**
     * @param tenants the tenant migrations
     */
    public ConfitureTenantsHealthIndicator(TenantMigrations tenants) {
        super("Confiture tenants health check failed");
        this.tenants = tenants;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        TenantRunResult status = tenants.status();
        if (status.summary().failed() > 0) {
            builder.down();
        }
        else if (status.summary().pending() > 0) {
            builder.outOfService();
        }
        else {
            builder.up();
        }
        Map<String, String> attention = new LinkedHashMap<>();
        for (TenantResult tenant : status.tenants()) {
            if (tenant.failed()) {
                attention.put(tenant.schema(), "failed: " + tenant.error());
            }
            else if (tenant.pending() > 0) {
                attention.put(tenant.schema(), tenant.pending() + " pending");
            }
        }
        builder.withDetail("summary", status.summary()).withDetail("tenants", attention);
    }
}
