package dev.confiture.cli;

import dev.confiture.Confiture;
import dev.confiture.schema.drift.Difference;
import dev.confiture.schema.drift.DriftJson;
import dev.confiture.schema.drift.DriftReport;
import dev.confiture.schema.drift.DriftSource;
import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code confiture schema drift}: compares the database with the schema the migrations (or the schema files)
 * build; exit 1 when they differ.
 */
@Command(name = "drift", description = {
        "Compare the database with the schema the migrations or the schema files build (exit 1 when they differ).",
        "Builds the expected schema in a scratch database on the same server (dropped afterwards; the user needs",
        "CREATEDB) and compares both catalogs. Only reads the database." })
final class SchemaDriftCommand extends CliCommand {

    @Option(names = "--against", paramLabel = "SOURCE", defaultValue = "migrations", converter = DriftSourceConverter.class,
            completionCandidates = DriftSourceConverter.Candidates.class,
            description = "migrations (the migrations up to the database's current version) or schema-files "
                    + "(default: ${DEFAULT-VALUE})")
    DriftSource against = DriftSource.MIGRATIONS;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        Confiture confiture = (against == DriftSource.SCHEMA_FILES) ? cli().schemaConfiture(UnaryOperator.identity())
                : cli().confiture(UnaryOperator.identity());
        DriftReport report = confiture.drift(against);
        int code = report.hasDrift() ? ExitCodes.FAILURE : ExitCodes.OK;
        if (output.json()) {
            out().println(output.pretty ? DriftJson.writePretty(report) : DriftJson.write(report));
            return code;
        }
        PrintWriter out = out();
        Style style = style();
        String expected = "the schema the " + DriftSourceConverter.name(against).replace('-', ' ') + " build"
                + ((report.expectedVersion() != null) ? " (through version " + report.expectedVersion() + ")" : "");
        if (!report.hasDrift()) {
            out.println(style.green("No drift") + ": database " + report.database() + " matches " + expected + " ("
                    + report.ms() + " ms)");
            return code;
        }
        for (Difference difference : report.differences()) {
            out.println(describe(difference, style));
        }
        out.println(style.red("Drift") + ": database " + report.database() + " differs from " + expected + " in "
                + report.differences().size() + " place(s): " + report.summary().missing() + " missing, "
                + report.summary().extra() + " extra, " + report.summary().changed() + " changed (" + report.ms() + " ms)");
        return code;
    }

    /**
     * One line per difference, like {@code Difference.toString()}; a multi-line value (a function's definition)
     * is indented on the lines below.
     */
    private static String describe(Difference difference, Style style) {
        String kind = difference.kind().value();
        String painted = switch (difference.kind()) {
            case MISSING, EXTRA -> style.red(kind);
            case CHANGED -> style.yellow(kind);
        };
        String line = painted + " ".repeat(8 - kind.length()) + difference.objectType().value() + " " + difference.name();
        return switch (difference.kind()) {
            case MISSING -> line + ":" + value("", difference.expected());
            case EXTRA -> line + ":" + value("", difference.actual());
            case CHANGED -> (multiLine(difference.actual()) || multiLine(difference.expected()))
                    ? line + ": " + difference.attribute() + " differs" + value("is", difference.actual())
                            + value("expected", difference.expected())
                    : line + ": " + difference.attribute() + " is" + value("", difference.actual()) + ", expected"
                            + value("", difference.expected());
        };
    }

    private static boolean multiLine(@Nullable String value) {
        return value != null && value.strip().contains("\n");
    }

    private static String value(String label, @Nullable String value) {
        String text = (value == null) ? "(none)" : value.strip();
        if (!multiLine(text)) {
            return label.isEmpty() ? " " + text : "\n    " + label + ": " + text;
        }
        return (label.isEmpty() ? "" : "\n    " + label + ":") + "\n      " + text.replace("\n", "\n      ");
    }
}
