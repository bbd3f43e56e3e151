package dev.confiture.cli;

import dev.confiture.Confiture;
import dev.confiture.tracking.AppliedMigration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code confiture migrate current}: the newest applied migration, in upstream Confiture's shape.
 */
@Command(name = "current", description = {
        "Show the newest applied migration.",
        "With --format json: upstream Confiture's document, exactly: {\"revision\", \"name\", \"applied_at\", \"checksum\"},",
        "all null when nothing is applied. Read-only." })
final class CurrentCommand extends CliCommand {

    /** {@code --format} of this command: upstream's {@code text} (the bare revision) beside this tool's two. */
    enum CurrentFormat {

        /** A line for people: revision, name and when it was applied. */
        table,

        /** Upstream's: the bare revision, an empty line when nothing is applied (for {@code $(confiture ...)}). */
        text,

        /** Upstream's document. */
        json
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), text (the bare revision, as upstream prints it) or json (upstream's document)")
    CurrentFormat format = CurrentFormat.table;

    @Option(names = "--pretty", description = "Indent the JSON")
    boolean pretty;

    @Option(names = "--exit-codes", paramLabel = "STYLE", defaultValue = "confiture",
            description = "confiture (default: 0, also without a tracking table) or upstream (2 without a tracking "
                    + "table, 3 fatal)")
    ExitCodeStyle exitCodes = ExitCodeStyle.confiture;

    @Override
    public Integer call() {
        Confiture confiture = cli().confiture(UnaryOperator.identity());
        Optional<List<AppliedMigration>> rows = confiture.trackingRows();
        List<AppliedMigration> applied = rows.orElse(List.of());
        if (format == CurrentFormat.json) {
            out().println(CliJson.write(UpstreamJson.current(applied), pretty));
        }
        else if (format == CurrentFormat.text) {
            if (rows.isPresent()) {
                out().println(UpstreamJson.newest(applied).map(AppliedMigration::version).orElse(""));
            }
        }
        else {
            out().println(UpstreamJson.newest(applied).map(row -> row.version() + " " + row.name() + " (applied "
                    + row.appliedAt() + ")").orElse(rows.isPresent() ? "No migration is applied"
                            : "No migration is applied: " + confiture.configuration().trackingTable().display()
                                    + " does not exist yet"));
        }
        if (rows.isEmpty()) {
            err().println("note: " + confiture.configuration().trackingTable().display() + " does not exist yet");
            return (exitCodes == ExitCodeStyle.upstream) ? ExitCodeStyle.UPSTREAM_NO_TRACKING_TABLE : ExitCodes.OK;
        }
        return ExitCodes.OK;
    }
}
