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
 * Options that run a command on many targets instead of the configured schema: every tenant schema
 * ({@code --tenants a,b,c} or {@code --tenants-query "SELECT ..."}) or every database ({@code --databases FILE} or
 * {@code --databases-query "SELECT ..."}), with {@code --parallelism} and {@code --stop-on-failure}.
 */
final class TenantOptions {

    @Option(names = "--tenants", split = ",", paramLabel = "SCHEMA",
            description = "Run on these tenant schemas (comma-separated), each with its own tracking table")
    List<String> schemas = new ArrayList<>();

    @Option(names = "--tenants-query", paramLabel = "SQL", description = "Run on the schemas this query returns (one column)")
    @Nullable String query;

    @Option(names = "--databases", paramLabel = "FILE",
            description = "Run on every database of FILE: one per line, a URL (jdbc:postgresql:// or postgresql://) or "
                    + "an environment file (its database_url and name); # starts a comment")
    java.nio.file.@Nullable Path databases;

    @Option(names = "--databases-query", paramLabel = "SQL", description = "Run on the databases this query returns "
            + "against the configured database (the catalog): one column, a URL or a database name on the same server")
    @Nullable String databasesQuery;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "4",
            description = "Tenants or databases at once (default: ${DEFAULT-VALUE})")
    int parallelism = TenantSettings.DEFAULT_PARALLELISM;

    @Option(names = "--stop-on-failure",
            description = "Skip the tenants or databases not started yet after the first failure")
    boolean stopOnFailure;

    boolean requested() {
        return !schemas.isEmpty() || query != null;
    }

    boolean databasesRequested() {
        return databases != null || databasesQuery != null;
    }

    /**
     * Runs the operation on every database and prints a line per database and the summary (or the JSON).
     * @param failOnPending whether a database left with pending migrations makes the exit code 3 (the deploy gate)
     * @return exit 0; 1 when a database failed or was skipped; 3 with {@code failOnPending} when one has pending
     * migrations and none failed
     */
    int runDatabases(ConfitureCli cli, java.util.function.UnaryOperator<ConfitureConfiguration.Builder> customizer,
            Function<dev.confiture.tenant.DatabaseMigrations, TenantRunResult> operation, boolean failOnPending,
            Format format, boolean pretty, PrintWriter out, Style style) {
        if (requested()) {
            throw new UsageException("--tenants and --databases exclude each other: give one");
        }
        if (databases != null && databasesQuery != null) {
            throw new UsageException("--databases and --databases-query exclude each other: give one");
        }
        if (parallelism < 1) {
            throw new UsageException("--parallelism must be at least 1, was " + parallelism);
        }
        java.util.Map<String, ConfitureConfiguration> configurations = cli.databaseConfigurations(databases,
                databasesQuery, customizer);
        TenantRunResult result = operation.apply(new dev.confiture.tenant.DatabaseMigrations(configurations, parallelism,
                stopOnFailure));
        print(result, "database", format, pretty, out, style);
        return !result.succeeded() ? ExitCodes.FAILURE
                : (failOnPending && result.summary().pending() > 0) ? ExitCodes.PENDING : ExitCodes.OK;
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
        print(result, "tenant", format, pretty, out, style);
        return result.succeeded() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /**
     * A line per target and the summary, or the JSON ({@code summary} and {@code tenants} with {@code schema}, or
     * {@code databases} with {@code database}).
     */
    private static void print(TenantRunResult result, String what, Format format, boolean pretty, PrintWriter out,
            Style style) {
        if (format == Format.json) {
            if (what.equals("tenant")) {
                out.println(CliJson.write(result, pretty));
                return;
            }
            tools.jackson.databind.node.ObjectNode tree = (tools.jackson.databind.node.ObjectNode) CliJson.tree(result);
            tools.jackson.databind.node.ArrayNode databases = tree.putArray("databases");
            tree.get("tenants").forEach(tenant -> {
                tools.jackson.databind.node.ObjectNode database = databases.addObject();
                database.set("database", tenant.get("schema"));
                ((tools.jackson.databind.node.ObjectNode) tenant).properties().forEach(field -> {
                    if (!field.getKey().equals("schema")) {
                        database.set(field.getKey(), field.getValue());
                    }
                });
            });
            tree.remove("tenants");
            out.println(CliJson.write(tree, pretty));
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
            out.println(result.summary().total() + " " + what + "(s): " + result.summary().upToDate() + " up to date, "
                    + result.summary().migrated() + " migrated, " + result.summary().pending() + " pending, "
                    + result.summary().failed() + " failed, " + result.summary().skipped() + " skipped");
        }
    }
}
