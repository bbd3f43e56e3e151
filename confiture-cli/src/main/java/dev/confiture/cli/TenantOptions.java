package dev.confiture.cli;

import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.tenant.TenantMigrations;
import dev.confiture.tenant.TenantResult;
import dev.confiture.tenant.TenantRunResult;
import dev.confiture.tenant.TenantSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Options that run a command on every tenant schema instead of the configured schema:
 * {@code --tenants a,b,c} or {@code --tenants-query "SELECT ..."}, with {@code --parallelism} and
 * {@code --stop-on-failure}.
 */
final class TenantOptions {

    @Option(names = "--tenants", split = ",", paramLabel = "SCHEMA",
            description = "Run on these tenant schemas (comma-separated), each with its own tracking table")
    List<String> schemas = new ArrayList<>();

    @Option(names = "--tenants-query", paramLabel = "SQL", description = "Run on the schemas this query returns (one column)")
    @Nullable String query;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "4",
            description = "Tenants at once (default: ${DEFAULT-VALUE})")
    int parallelism = TenantSettings.DEFAULT_PARALLELISM;

    @Option(names = "--stop-on-failure", description = "Skip the tenants not started yet after the first failure")
    boolean stopOnFailure;

    boolean requested() {
        return !schemas.isEmpty() || query != null;
    }

    /**
     * Runs the operation on every tenant and prints a line per tenant and the summary (or the JSON).
     * @return exit 0, or 1 when a tenant failed or was skipped
     */
    int run(ConfitureConfiguration base, Function<TenantMigrations, TenantRunResult> operation, Format format,
            boolean pretty, PrintWriter out, Style style) {
        if (!schemas.isEmpty() && query != null) {
            throw new UsageException("--tenants and --tenants-query exclude each other: give one");
        }
        TenantRunResult result = operation.apply(new TenantMigrations(base,
                new TenantSettings(schemas, query, parallelism, stopOnFailure)));
        if (format == Format.json) {
            out.println(CliJson.write(result, pretty));
        }
        else {
            for (TenantResult tenant : result.tenants()) {
                String outcome = tenant.outcome().value();
                StringBuilder line = new StringBuilder(style.status(outcome, outcome.replace('_', ' '))).append(' ')
                        .append(tenant.schema());
                if (tenant.applied() > 0) {
                    line.append(": applied ").append(tenant.applied());
                }
                if (tenant.pending() > 0) {
                    line.append(": ").append(tenant.pending()).append(" pending");
                }
                if (tenant.current() != null) {
                    line.append(", at version ").append(tenant.current());
                }
                line.append(" (").append(tenant.durationMs()).append(" ms)");
                out.println(line);
                if (tenant.error() != null) {
                    out.println("  " + tenant.error());
                }
            }
            out.println(result.summary().total() + " tenant(s): " + result.summary().upToDate() + " up to date, "
                    + result.summary().migrated() + " migrated, " + result.summary().pending() + " pending, "
                    + result.summary().failed() + " failed, " + result.summary().skipped() + " skipped");
        }
        return result.succeeded() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
