package dev.confiture.cli;

import dev.confiture.Confiture;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.schema.drift.DriftReport;
import dev.confiture.schema.drift.DriftSource;
import dev.confiture.status.MigrationStatus;
import dev.confiture.status.RepeatableStatus;
import dev.confiture.status.StatusJson;
import dev.confiture.status.StatusReport;
import dev.confiture.status.StatusSummary;
import dev.confiture.tracking.AppliedMigration;
import dev.confiture.tracking.TableName;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code confiture migrate status}: every migration's state, as a table or as the status JSON the
 * Actuator endpoint serves.
 */
@Command(name = "status", description = {
        "Show every migration's state: a table, or the Actuator's status JSON.",
        "With --format json: exactly the document of GET /actuator/confiture for one bean (format_version 1).",
        "With --check-drift: also whether the database differs from the schema the migrations build (a line, or",
        "a top-level \"drift\" field in the JSON); needs a scratch database (CREATEDB).",
        "Read-only: creates nothing, takes no lock." })
final class StatusCommand extends CliCommand {

    /** Writes the status document as {@code StatusJson} does, so adding the drift field changes nothing else. */
    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = StatusFormat.Converter.class,
            description = "table, json (the Actuator's document) or upstream-json (upstream Confiture's exact document, "
                    + "for consumers of its strict schema) (default: ${DEFAULT-VALUE})")
    StatusFormat format = StatusFormat.table;

    @Option(names = "--pretty", description = "Indent the JSON")
    boolean pretty;

    @Option(names = "--exit-codes", paramLabel = "STYLE", defaultValue = "confiture",
            description = "confiture (default) or upstream: 0 nothing pending, 1 pending or errors, 2 no tracking "
                    + "table, 3 fatal, as upstream Confiture's migrate status exits")
    ExitCodeStyle exitCodes = ExitCodeStyle.confiture;

    @Option(names = "--fail-on-pending", description = "Exit with 3 when migrations are pending, 1 when there are errors "
            + "(for CI gates); with --check-drift, drift gives 1 too")
    boolean failOnPending;

    @Option(names = "--check-drift", description = "Also compare the database with the schema the migrations build "
            + "(in a scratch database: needs CREATEDB)")
    boolean checkDrift;

    @Option(names = "--against", paramLabel = "SOURCE", converter = DriftSourceConverter.class,
            completionCandidates = DriftSourceConverter.Candidates.class,
            description = "With --check-drift: migrations (default) or schema-files")
    @Nullable DriftSource against;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Many schemas or databases:%n")
    @org.jspecify.annotations.Nullable TenantOptions tenants;

    @Override
    public Integer call() {
        if (tenants != null && tenants.databasesRequested()) {
            if (format == StatusFormat.upstream_json || exitCodes == ExitCodeStyle.upstream || checkDrift) {
                throw new UsageException("--format upstream-json, --exit-codes upstream and --check-drift describe one "
                        + "database: not with --databases");
            }
            return tenants.runDatabases(cli(), builder -> builder, dev.confiture.tenant.DatabaseMigrations::status,
                    failOnPending, (format == StatusFormat.json) ? Format.json : Format.table, pretty, out(), style());
        }
        if (tenants != null && tenants.requested()) {
            if (format == StatusFormat.upstream_json) {
                throw new UsageException("--format upstream-json describes one tracking table: not with --tenants");
            }
            return tenants.run(cli().confiture(builder -> builder).configuration(),
                    dev.confiture.tenant.TenantMigrations::status, (format == StatusFormat.json) ? Format.json
                            : Format.table, pretty, out(), style());
        }
        if (against != null && !checkDrift) {
            throw new UsageException("--against compares for drift: add --check-drift");
        }
        DriftSource source = (against != null) ? against : DriftSource.MIGRATIONS;
        if (checkDrift && source == DriftSource.SCHEMA_FILES) {
            cli().schemaSettings();
        }
        Confiture confiture = cli().confiture(UnaryOperator.identity());
        if (format == StatusFormat.upstream_json) {
            if (checkDrift) {
                throw new UsageException("--check-drift adds a field upstream's document does not have: use --format json");
            }
            return upstreamStatus(confiture);
        }
        StatusReport report = confiture.status();
        DriftReport drift = checkDrift ? confiture.drift(source) : null;
        boolean trackingTableExists = exitCodes != ExitCodeStyle.upstream || confiture.trackingRows().isPresent();
        if (format == StatusFormat.json) {
            out().println((drift != null) ? withDrift(report, drift)
                    : pretty ? StatusJson.writePretty(report) : StatusJson.write(report));
        }
        else {
            printTable(report, confiture.configuration().requiresApprovals(), drift);
        }
        out().flush();
        boolean errors = report.summary().failed() > 0 || report.problems().stream().anyMatch(Problem::isError)
                || (drift != null && drift.hasDrift());
        if (exitCodes == ExitCodeStyle.upstream) {
            return upstreamExitCode(trackingTableExists, errors || report.summary().pending() > 0);
        }
        if (failOnPending) {
            if (errors) {
                return ExitCodes.FAILURE;
            }
            if (report.summary().pending() > 0) {
                return ExitCodes.PENDING;
            }
        }
        return ExitCodes.OK;
    }

    /**
     * {@code --format upstream-json}: upstream's document, also when the database cannot be read (then every file is
     * {@code unknown}, with a {@code warning}, and the exit code is upstream's fatal 3 or this tool's 1).
     */
    private int upstreamStatus(Confiture confiture) {
        DiscoveredMigrations discovered = confiture.discover();
        TableName table = confiture.configuration().trackingTable();
        UpstreamJson.Database database;
        List<Problem> problems = List.of();
        boolean pending = false;
        try {
            Optional<List<AppliedMigration>> rows = confiture.trackingRows();
            database = rows.map(UpstreamJson.Database::read).orElseGet(UpstreamJson.Database::withoutTrackingTable);
            StatusReport report = confiture.status();
            problems = report.problems();
            pending = report.summary().pending() > 0 || report.summary().failed() > 0
                    || problems.stream().anyMatch(Problem::isError);
        }
        catch (ConfitureException ex) {
            if (ex.code() != ErrorCode.DATABASE_ERROR) {
                throw ex;
            }
            database = UpstreamJson.Database.unreachable(ex.problem());
        }
        out().println(CliJson.write(UpstreamJson.status(discovered, table, database, problems), pretty));
        out().flush();
        if (database.error() != null) {
            err().println("error: " + database.error());
            return (exitCodes == ExitCodeStyle.upstream) ? ExitCodeStyle.UPSTREAM_FATAL : ExitCodes.FAILURE;
        }
        if (exitCodes == ExitCodeStyle.upstream) {
            return upstreamExitCode(database.rows() != null, pending);
        }
        return (failOnPending && pending) ? (problems.stream().anyMatch(Problem::isError) ? ExitCodes.FAILURE
                : ExitCodes.PENDING) : ExitCodes.OK;
    }

    /**
     * Upstream's codes: 2 without a tracking table, 1 when migrations are pending, 0 otherwise. Errors in the files
     * (which make {@code migrate up} refuse) count as pending here, so a gate written for upstream never passes them.
     */
    private static int upstreamExitCode(boolean trackingTableExists, boolean pendingOrErrors) {
        return !trackingTableExists ? ExitCodeStyle.UPSTREAM_NO_TRACKING_TABLE
                : pendingOrErrors ? ExitCodeStyle.UPSTREAM_PENDING : ExitCodeStyle.UPSTREAM_UP_TO_DATE;
    }

    /**
     * The status document with a top-level {@code "drift"} field appended: {@code source}, {@code has_drift} and
     * the number of {@code differences}. Everything before it is written exactly as {@code StatusJson} writes it.
     */
    private String withDrift(StatusReport report, DriftReport drift) {
        ObjectNode document = (ObjectNode) COMPACT.readTree(StatusJson.write(report));
        ObjectNode field = document.putObject("drift");
        field.put("source", drift.source().value());
        field.put("has_drift", drift.hasDrift());
        field.put("differences", drift.differences().size());
        return (pretty ? PRETTY : COMPACT).writeValueAsString(document);
    }

    /**
     * @return {@code drift against migrations: none}, or the number of differences and the command that lists them
     */
    static String driftLine(DriftReport drift, Style style) {
        String against = "drift against " + drift.source().value().replace('_', ' ') + ": ";
        if (!drift.hasDrift()) {
            return against + style.green("none");
        }
        int count = drift.differences().size();
        return against + style.red(count + ((count == 1) ? " difference" : " differences")) + ": run confiture schema drift"
                + ((drift.source() == DriftSource.SCHEMA_FILES) ? " --against schema-files" : "");
    }

    private void printTable(StatusReport report, boolean approvalsRequired, @Nullable DriftReport drift) {
        PrintWriter out = out();
        Style style = style();
        out.println(style.bold("Environment " + report.environment() + ", " + report.trackingTable()));
        TextTable table = new TextTable("VERSION", "NAME", "STATUS", "RISK", "APPLIED AT");
        for (MigrationStatus migration : report.migrations()) {
            String status = migration.status().value();
            String risk = (migration.risk() != null) ? migration.risk().value() : "";
            table.row(TextTable.Cell.of(migration.version()), TextTable.Cell.of(migration.name()),
                    new TextTable.Cell(status, text -> style.status(status, text)),
                    new TextTable.Cell(risk.isEmpty() ? "-" : risk, text -> style.risk(risk, text)),
                    TextTable.Cell.of(migration.appliedAt()));
        }
        if (table.isEmpty()) {
            out.println("No migrations found.");
        }
        else {
            table.print(out, style);
        }
        if (!report.repeatables().isEmpty()) {
            TextTable repeatables = new TextTable("REPEATABLE", "STATUS", "APPLIED AT");
            for (RepeatableStatus repeatable : report.repeatables()) {
                String status = repeatable.status().value();
                repeatables.row(TextTable.Cell.of(repeatable.slug()), new TextTable.Cell(status,
                        text -> style.status(status.equals("outdated") ? "pending" : status, text)),
                        TextTable.Cell.of(repeatable.appliedAt()));
            }
            repeatables.print(out, style);
        }
        if (!report.liveBuilds().isEmpty()) {
            TextTable builds = new TextTable("LIVE BUILD", "SCHEMA VERSION", "INSTANCES", "LAST SEEN");
            for (dev.confiture.status.LiveBuild build : report.liveBuilds()) {
                builds.row(TextTable.Cell.of(build.application() + " " + ((build.buildVersion() != null)
                        ? build.buildVersion() : "(unknown build)")), TextTable.Cell.of(build.schemaVersion()),
                        TextTable.Cell.of(build.instances().stream().map(dev.confiture.status.LiveBuild.Instance::instanceId)
                                .collect(java.util.stream.Collectors.joining(", "))),
                        TextTable.Cell.of(build.instances().stream().map(dev.confiture.status.LiveBuild.Instance::lastSeenAt)
                                .max(String::compareTo).orElse(null)));
            }
            builds.print(out, style);
        }
        out.println(summary(report));
        if (drift != null) {
            out.println(driftLine(drift, style));
        }
        List<MigrationStatus> needApproval = report.pendingMigrations().stream()
                .filter(migration -> migration.approval().equals("required")).toList();
        for (MigrationStatus migration : needApproval) {
            out.println(style.yellow("approval required") + ": " + migration.slug()
                    + (approvalsRequired ? " cannot be applied in " + report.environment() + " until approved"
                            : " will need an approval in the environments that require approvals")
                    + " (confiture migrate approve " + migration.version() + ")");
        }
        printProblems(out, style, report.problems());
        for (String hint : report.hints()) {
            out.println(style.dim("hint: " + hint));
        }
    }

    static void printProblems(PrintWriter out, Style style, List<Problem> problems) {
        for (Problem problem : problems) {
            String severity = problem.isError() ? style.red("error") : style.yellow("note");
            out.println(severity + " [" + problem.code() + "]" + ((problem.version() != null) ? " " + problem.version() : "")
                    + ": " + problem.message());
            if (problem.hint() != null) {
                out.println("  fix: " + problem.hint());
            }
        }
    }

    private static String summary(StatusReport report) {
        StatusSummary summary = report.summary();
        return summary.applied() + " applied, " + summary.pending() + " pending, " + summary.failed() + " failed, "
                + ((summary.held() > 0) ? summary.held() + " held, " : "") + summary.total() + " total; current version " + ((report.current() != null) ? report.current() : "none")
                + (summary.upToDate() ? " (up to date)" : "");
    }
}
