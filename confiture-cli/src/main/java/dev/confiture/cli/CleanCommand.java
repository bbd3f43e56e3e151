package dev.confiture.cli;

import dev.confiture.execution.CleanResult;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code confiture migrate clean}: empties the configured schemas of a development database.
 */
@Command(name = "clean", description = {
        "Drop everything in the tracking table's schema (and the migrations' schema) of a development database.",
        "Each schema is created again with its owner, privileges, default privileges and comment, in one transaction:",
        "all schemas are emptied, or none. The tracking tables go too: the next migrate starts from scratch.",
        "Refused unless --clean-enabled (or CONFITURE_CLEAN_ENABLED=true), and always in the approval environments." })
final class CleanCommand extends CliCommand implements ChangesTheDatabase {

    /** The variable that enables clean, for a developer's shell or .env file. */
    static final String CLEAN_ENABLED = "CONFITURE_CLEAN_ENABLED";

    @Option(names = "--clean-enabled", description = "Allow clean to drop everything (CONFITURE_CLEAN_ENABLED=true)")
    boolean cleanEnabled;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        boolean enabled = cleanEnabled
                || "true".equals(cli().variable(CLEAN_ENABLED).toLowerCase(Locale.ROOT).trim());
        CleanResult result = cli().confiture(builder -> builder.cleanEnabled(enabled)).clean();
        if (output.json()) {
            out().println(CliJson.write(result, output.pretty));
            return ExitCodes.OK;
        }
        PrintWriter out = out();
        out.println(style().green("cleaned") + " " + String.join(", ", result.schemas()) + ": dropped "
                + result.relations() + " relation(s) and " + result.routines() + " routine(s) in " + result.durationMs()
                + " ms");
        return ExitCodes.OK;
    }
}
