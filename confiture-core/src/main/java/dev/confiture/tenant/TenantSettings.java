package dev.confiture.tenant;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which schemas are tenants and how to migrate them.
 *
 * @param schemas the tenants' schemas, when listed
 * @param schemasQuery a SQL query returning one column of schema names, when queried (run on the
 * configured DataSource each time the tenants are resolved)
 * @param parallelism how many tenants are migrated at once (at least 1)
 * @param stopOnFailure whether the first failure stops tenants not started yet (they are reported as
 * skipped); by default one tenant's failure does not stop the others
 */
public record TenantSettings(List<String> schemas, @Nullable String schemasQuery, int parallelism, boolean stopOnFailure) {

    /** The default parallelism. */
    public static final int DEFAULT_PARALLELISM = 4;

    /**
     * Checks the settings.
     */
    public TenantSettings {
        schemas = List.copyOf(schemas);
        if (schemas.isEmpty() == (schemasQuery == null || schemasQuery.isBlank())) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "Tenants need either a list of schemas or a "
                    + "query that returns them, and not both", "Set " + Setting.TENANT_SCHEMAS.token() + " or " + Setting.TENANT_QUERY.token());
        }
        if (parallelism < 1) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "Tenant parallelism is " + parallelism,
                    "Set " + Setting.TENANT_PARALLELISM.token() + " to 1 or more");
        }
    }

    /**
     * @param schemas the tenants' schemas
     * @return settings with the default parallelism, continuing after failures
     */
    public static TenantSettings of(List<String> schemas) {
        return new TenantSettings(schemas, null, DEFAULT_PARALLELISM, false);
    }

    /**
     * @param query a SQL query returning one column of schema names
     * @return settings with the default parallelism, continuing after failures
     */
    public static TenantSettings query(String query) {
        return new TenantSettings(List.of(), query, DEFAULT_PARALLELISM, false);
    }

    /**
     * @param parallelism how many tenants at once
     * @return these settings with that parallelism
     */
    public TenantSettings withParallelism(int parallelism) {
        return new TenantSettings(schemas, schemasQuery, parallelism, stopOnFailure);
    }

    /**
     * @param stopOnFailure whether the first failure stops the tenants not started yet
     * @return these settings with that choice
     */
    public TenantSettings withStopOnFailure(boolean stopOnFailure) {
        return new TenantSettings(schemas, schemasQuery, parallelism, stopOnFailure);
    }
}
