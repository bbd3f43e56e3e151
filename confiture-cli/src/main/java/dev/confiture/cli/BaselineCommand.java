package dev.confiture.cli;

import dev.confiture.execution.BaselineResult;
import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code confiture migrate baseline --through V}: marks migrations as applied without running them.
 */
@Command(name = "baseline", description = {
        "Mark migrations up to --through as applied without running them.",
        "For a database whose schema already contains them. Migrations already applied are left alone." })
final class BaselineCommand extends CliCommand implements ChangesTheDatabase {

    @Option(names = "--through", required = true, paramLabel = "VERSION", converter = VersionConverter.class,
            description = "The newest migration the schema already contains")
    String through = "";

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        BaselineResult result = cli().confiture(UnaryOperator.identity()).baseline(through);
        if (output.json()) {
            out().println(CliJson.write(result, output.pretty));
            return ExitCodes.OK;
        }
        PrintWriter out = out();
        for (String slug : result.baselined()) {
            out.println(style().green("marked as applied") + " " + slug);
        }
        out.println("Baselined through " + result.baselineVersion() + ": " + result.baselined().size()
                + " migration(s) marked as applied");
        return ExitCodes.OK;
    }
}
