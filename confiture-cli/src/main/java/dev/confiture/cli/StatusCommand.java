package dev.confiture.cli;

import dev.confiture.Confiture;
import dev.confiture.Problem;
import dev.confiture.status.MigrationStatus;
import dev.confiture.status.StatusJson;
import dev.confiture.status.StatusReport;
import dev.confiture.status.StatusSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code confiture migrate status}: every migration's state, as a table or as the status JSON the
 * Actuator endpoint serves.
 */
@Command(name = "status", description = {
        "Show every migration's state: a table, or the Actuator's status JSON.",
        "With --format json: exactly the document of GET /actuator/confiture for one bean (format_version 1).",
        "Read-only: creates nothing, takes no lock." })
final class StatusCommand extends CliCommand {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE})")
    Format format = Format.table;

    @Option(names = "--pretty", description = "Indent the JSON")
    boolean pretty;

    @Option(names = "--fail-on-pending", description = "Exit with 3 when migrations are pending, 1 when there are errors "
            + "(for CI gates)")
    boolean failOnPending;

    @Override
    public Integer call() {
        Confiture confiture = cli().confiture(UnaryOperator.identity());
        StatusReport report = confiture.status();
        if (format == Format.json) {
            out().println(pretty ? StatusJson.writePretty(report) : StatusJson.write(report));
        }
        else {
            printTable(report, confiture.configuration().requiresApprovals());
        }
        out().flush();
        if (failOnPending) {
            if (report.summary().failed() > 0 || report.problems().stream().anyMatch(Problem::isError)) {
                return ExitCodes.FAILURE;
            }
            if (report.summary().pending() > 0) {
                return ExitCodes.PENDING;
            }
        }
        return ExitCodes.OK;
    }

    private void printTable(StatusReport report, boolean approvalsRequired) {
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
        out.println(summary(report));
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
                + summary.total() + " total; current version " + ((report.current() != null) ? report.current() : "none")
                + (summary.upToDate() ? " (up to date)" : "");
    }
}
