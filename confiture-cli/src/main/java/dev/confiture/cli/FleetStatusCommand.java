package dev.confiture.cli;

import dev.confiture.fleet.CentralLog;
import dev.confiture.fleet.FleetDatabase;
import dev.confiture.fleet.FleetEvent;
import dev.confiture.fleet.FleetJson;
import dev.confiture.fleet.FleetMigration;
import dev.confiture.fleet.FleetReport;
import dev.confiture.fleet.FleetState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code confiture fleet status}: per migration, its state in every environment and database that reported to the
 * central log, and the newest event per database.
 */
@Command(name = "status", description = {
        "Show every migration's state in every environment and database that reported to the central log",
        "(applied, failed, started, rollback_pending, reverted, not_applied, never_seen), and the newest event",
        "of each database. Events are ordered as the central database received them; both clocks are shown.",
        "Needs only the central log (--central-log-url), no database of its own. Read-only." })
final class FleetStatusCommand extends CliCommand {

    @Option(names = "--migration", paramLabel = "ID|SLUG|VERSION",
            description = "One migration's state and history everywhere")
    @Nullable String migration;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        DataSource central = cli().centralLog();
        if (central == null) {
            throw new UsageException("fleet status reads the central migration log: name it with --central-log-url, "
                    + "CONFITURE_CENTRAL_LOG_URL or central_log_url in the environment file");
        }
        CentralLog log = new CentralLog(central, cli().centralEventTable());
        FleetReport report = (migration != null) ? log.fleetStatus(migration) : log.fleetStatus();
        if (output.json()) {
            out().println(output.pretty ? FleetJson.writePretty(report) : FleetJson.write(report));
            return ExitCodes.OK;
        }
        print(report);
        return ExitCodes.OK;
    }

    private void print(FleetReport report) {
        PrintWriter out = out();
        Style style = style();
        out.println(style.bold("Central log " + report.eventTable() + ", " + report.databases().size()
                + " database(s) reported"));
        if (report.databases().isEmpty()) {
            out.println("No events yet.");
            return;
        }
        List<String> headers = new ArrayList<>(List.of("VERSION", "SLUG"));
        report.databases().forEach(database -> headers.add(where(database.environment(), database.database())));
        TextTable matrix = new TextTable(headers.toArray(String[]::new));
        for (FleetMigration migration : report.migrations()) {
            List<TextTable.Cell> cells = new ArrayList<>();
            cells.add(TextTable.Cell.of(migration.version()));
            cells.add(TextTable.Cell.of(migration.slug()));
            for (FleetState state : migration.states()) {
                String value = state.state().value();
                cells.add(new TextTable.Cell(value, text -> style.status(value.equals("never_seen") ? "pending" : value,
                        text)));
            }
            matrix.row(cells.toArray(TextTable.Cell[]::new));
        }
        matrix.print(out, style);
        TextTable newest = new TextTable("DATABASE", "NEWEST EVENT", "SLUG", "HOST", "STARTED AT (HOST)",
                "RECEIVED AT (CENTRAL)");
        for (FleetDatabase database : report.databases()) {
            FleetEvent event = database.newestEvent();
            newest.row(TextTable.Cell.of(where(database.environment(), database.database())),
                    TextTable.Cell.of(event.kind() + " " + event.status()), TextTable.Cell.of(event.slug()),
                    TextTable.Cell.of(event.host()), TextTable.Cell.of(event.startedAt()),
                    TextTable.Cell.of(event.receivedAt()));
        }
        newest.print(out, style);
        if (!report.history().isEmpty()) {
            TextTable history = new TextTable("RECEIVED AT (CENTRAL)", "STARTED AT (HOST)", "DATABASE", "KIND", "STATUS",
                    "HOST", "ERROR");
            for (FleetEvent event : report.history()) {
                history.row(TextTable.Cell.of(event.receivedAt()), TextTable.Cell.of(event.startedAt()),
                        TextTable.Cell.of(where(event.environment(), event.database())), TextTable.Cell.of(event.kind()),
                        TextTable.Cell.of(event.status()), TextTable.Cell.of(event.host()),
                        TextTable.Cell.of(event.error()));
            }
            history.print(out, style);
        }
    }

    private static String where(@Nullable String environment, @Nullable String database) {
        return ((environment != null) ? environment : "?") + " " + ((database != null) ? database : "(unknown database)");
    }
}
