package dev.confiture.cli;

import dev.confiture.schema.lint.LintReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code confiture schema lint}: the Trinity lint rules over the schema the files build.
 */
@Command(name = "lint", description = {
        "Lint the schema the schema files build (exit 1 when a finding is an error).",
        "Reads the catalog of the built schema, in a rolled-back transaction (in a scratch database unless the",
        "database is empty). Rules: trinity-id-uuid, trinity-pk-identity, view-prefix, fk-references-pk." })
final class SchemaLintCommand extends CliCommand {

    @Option(names = "--disable", paramLabel = "RULE_ID", split = ",", arity = "1..*",
            description = "Rules to switch off, e.g. --disable view-prefix")
    List<String> disabled = List.of();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        LintReport report = cli().schemaConfiture(builder -> builder.disabledLintRules(disabled)).lint();
        int code = report.hasErrors() ? ExitCodes.FAILURE : ExitCodes.OK;
        if (output.json()) {
            out().println(CliJson.write(report, output.pretty));
            return code;
        }
        SchemaCommand.printLint(out(), style(), report);
        return code;
    }
}
