package dev.confiture.cli;

import dev.confiture.Confiture;
import dev.confiture.dryrun.DryRunMigration;
import dev.confiture.dryrun.DryRunOutcome;
import dev.confiture.dryrun.DryRunResult;
import dev.confiture.dryrun.HeldLock;
import dev.confiture.execution.MigrateResult;
import dev.confiture.state.MigrationState;
import dev.confiture.status.MigrationStatus;
import dev.confiture.status.StatusReport;
import dev.confiture.tenant.TenantMigrations;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code confiture migrate up}: applies pending migrations, or with {@code --dry-run} executes them in
 * a transaction that is rolled back.
 */
@Command(name = "up", description = {
        "Apply pending migrations, or dry-run them.",
        "Applies all pending migrations (or up to --target), each in one transaction with its tracking row.",
        "With --dry-run: execute them in one transaction and roll it back, reporting time and locks "
                + "(exit 1 when one would fail)." })
final class UpCommand extends CliCommand implements ChangesTheDatabase {

    @Option(names = "--target", paramLabel = "VERSION", converter = VersionConverter.class,
            description = "Apply up to and including this version")
    @Nullable String target;

    @Option(names = "--dry-run", description = "Execute in a transaction and roll back; takes the locks a real run takes")
    boolean dryRun;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}); with json, progress lines go to stderr")
    Format format = Format.table;

    @Option(names = "--pretty", description = "Indent the JSON")
    boolean pretty;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Many schemas or databases:%n")
    @Nullable TenantOptions tenants;

    @Override
    public Integer call() {
        if (tenants != null && tenants.databasesRequested()) {
            if (dryRun) {
                throw new UsageException("--dry-run and --databases cannot be combined: dry-run runs on one database");
            }
            return tenants.runDatabases(cli(), builder -> builder.target(target),
                    dev.confiture.tenant.DatabaseMigrations::migrate, false, format, pretty, out(), style());
        }
        if (tenants != null && tenants.requested()) {
            if (dryRun) {
                throw new UsageException("--dry-run and --tenants cannot be combined: dry-run runs on one schema");
            }
            return tenants.run(cli().confiture(builder -> builder.target(target)).configuration(), TenantMigrations::migrate,
                    format, pretty, out(), style());
        }
        return dryRun ? dryRun() : migrate();
    }

    private int migrate() {
        PrintWriter progressOut = (format == Format.json) ? err() : out();
        Confiture reader = cli().confiture(builder -> builder.target(target));
        StatusReport before = reader.status();
        List<String> expected = before.pendingMigrations().stream()
                .filter(migration -> migration.status() == MigrationState.PENDING || migration.status() == MigrationState.FAILED)
                .filter(migration -> target == null || new BigInteger(migration.version()).compareTo(new BigInteger(target)) <= 0)
                .map(MigrationStatus::slug).toList();
        long repeatables = before.repeatables().stream()
                .filter(repeatable -> repeatable.status().value().equals("pending")
                        || repeatable.status().value().equals("outdated")).count();
        if (!expected.isEmpty() || repeatables > 0) {
            progressOut.println("Migrating " + before.trackingTable() + " in environment " + before.environment() + ": "
                    + expected.size() + " migration(s) to apply" + ((repeatables > 0) ? " and " + repeatables
                            + " repeatable migration(s)" : ""));
            progressOut.flush();
        }
        MigrateResult result;
        try (ProgressListener progress = new ProgressListener(progressOut, (format == Format.json) ? new Style(false)
                : style(), expected)) {
            result = cli().confiture(builder -> builder.target(target).listeners(List.of(progress))).migrate();
        }
        if (format == Format.json) {
            out().println(CliJson.write(result, pretty));
            return ExitCodes.OK;
        }
        PrintWriter out = out();
        if (!result.baselined().isEmpty()) {
            out.println("Baselined " + String.join(", ", result.baselined()));
        }
        if (!result.repeatables().isEmpty()) {
            out.println(style().green("Applied repeatable migration(s) " + String.join(", ", result.repeatables())));
        }
        if (result.appliedCount() == 0 && !result.repeatables().isEmpty()) {
            out.println("No versioned migration to apply: " + before.trackingTable() + " is at version "
                    + ((result.currentVersion() != null) ? result.currentVersion() : "none"));
        }
        else if (result.appliedCount() == 0) {
            out.println("Nothing to apply: " + before.trackingTable() + " is up to date at version "
                    + ((result.currentVersion() != null) ? result.currentVersion() : "none")
                    + ((target != null) ? " (target " + target + ")" : ""));
        }
        else {
            out.println(style().green("Applied " + result.appliedCount() + " migration(s)") + " in "
                    + result.totalTimeMs() + " ms; now at version " + result.currentVersion()
                    + " (was " + ((result.initialVersion() != null) ? result.initialVersion() : "none") + ")");
        }
        if (!result.held().isEmpty()) {
            out.println(style().yellow("Held " + result.held().size() + " migration(s)") + ": " + String.join(", ",
                    result.held()) + " (instances of an older build are live; see the CONTRACT_HELD note)");
        }
        StatusCommand.printProblems(out, style(), result.notes());
        return ExitCodes.OK;
    }

    private int dryRun() {
        DryRunResult result = cli().confiture(builder -> builder.target(target)).dryRun();
        if (format == Format.json) {
            ObjectNode json = ((ObjectNode) CliJson.tree(result));
            ObjectNode document = json.objectNode();
            document.put("succeeded", result.succeeded());
            document.setAll(json);
            out().println(CliJson.write(document, pretty));
            return result.succeeded() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
        PrintWriter out = out();
        Style style = style();
        if (result.migrations().isEmpty()) {
            out.println("Dry run: nothing to apply.");
            return ExitCodes.OK;
        }
        for (DryRunMigration migration : result.migrations()) {
            String outcome = migration.outcome().value();
            StringBuilder line = new StringBuilder(style.status(outcome, outcome.replace('_', ' '))).append(' ')
                    .append(migration.slug());
            if (migration.outcome() == DryRunOutcome.ROLLED_BACK || migration.outcome() == DryRunOutcome.FAILED) {
                line.append(" in ").append(migration.executionTimeMs()).append(" ms");
            }
            out.println(line);
            if (migration.reason() != null) {
                out.println("  because " + migration.reason());
            }
            if (!migration.locks().isEmpty()) {
                out.println("  locks: " + migration.locks().stream().map(HeldLock::toString)
                        .collect(Collectors.joining(", ")));
            }
            if (migration.error() != null) {
                out.println("  " + style.red("error") + ": " + migration.error()
                        + ((migration.errorLocation() != null) ? " (at " + migration.errorLocation() + ")" : ""));
            }
        }
        long rolledBack = result.migrations().stream().filter(m -> m.outcome() == DryRunOutcome.ROLLED_BACK).count();
        out.println("Dry run of " + result.migrations().size() + " migration(s) in " + result.totalTimeMs() + " ms: "
                + rolledBack + " executed and rolled back; nothing was applied"
                + (result.succeeded() ? "" : "; " + style.red("a migration failed: migrate would fail too")));
        return result.succeeded() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
