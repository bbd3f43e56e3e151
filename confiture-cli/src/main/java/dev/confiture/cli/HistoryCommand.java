package dev.confiture.cli;

import dev.confiture.Confiture;
import dev.confiture.tracking.HistoryEntry;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code confiture history}: the event log, newest events, oldest first.
 */
@Command(name = "history", description = {
        "List the event log, newest --limit events, oldest first.",
        "The event log (tb_confiture_event) has runs, attempts, statements, rollbacks, baselines, repairs,",
        "approvals and dry runs. Read-only." })
final class HistoryCommand extends CliCommand {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "How many of the newest events (default: ${DEFAULT-VALUE})")
    int limit = 100;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1, was " + limit);
        }
        Confiture confiture = cli().confiture(UnaryOperator.identity());
        List<HistoryEntry> history = confiture.history(limit);
        if (output.json()) {
            ObjectNode document = JsonNodeFactory.instance.objectNode();
            document.put("format_version", 1);
            document.put("event_table", confiture.configuration().eventTable().display());
            document.set("events", CliJson.tree(history));
            out().println(CliJson.write(document, output.pretty));
            return ExitCodes.OK;
        }
        Style style = style();
        if (history.isEmpty()) {
            out().println("No events in " + confiture.configuration().eventTable().display() + ".");
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("STARTED AT", "KIND", "STATUS", "VERSION", "SLUG", "ENVIRONMENT", "HOST",
                "DURATION", "ERROR");
        for (HistoryEntry entry : history) {
            String status = entry.status();
            table.row(TextTable.Cell.of(DateTimeFormatter.ISO_INSTANT.format(entry.startedAt())),
                    TextTable.Cell.of(entry.kind()), new TextTable.Cell(status, text -> style.status(status, text)),
                    TextTable.Cell.of(entry.version()), TextTable.Cell.of(entry.slug()),
                    TextTable.Cell.of(entry.environment()), TextTable.Cell.of(entry.host()),
                    TextTable.Cell.of((entry.durationMs() != null) ? entry.durationMs() + " ms" : null),
                    TextTable.Cell.of(firstLine(entry.error())));
        }
        table.print(out(), style);
        return ExitCodes.OK;
    }

    private static @org.jspecify.annotations.Nullable String firstLine(@org.jspecify.annotations.Nullable String error) {
        if (error == null) {
            return null;
        }
        String line = error.lines().findFirst().orElse("");
        return (line.length() > 120) ? line.substring(0, 117) + "..." : line;
    }
}
