package dev.confiture.cli;

import dev.confiture.schema.SchemaValidation;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code confiture schema validate}: the schema files apply, and lint finds no error.
 */
@Command(name = "validate", description = {
        "Check that the schema files apply, and lint what they build (exit 1 on an error or a lint error).",
        "Runs them in a transaction that is always rolled back: in the database when it is empty, otherwise in a",
        "scratch database on the same server (dropped afterwards; the user needs CREATEDB)." })
final class SchemaValidateCommand extends CliCommand {

    @Option(names = "--disable", paramLabel = "RULE_ID", split = ",", arity = "1..*",
            description = "Lint rules to switch off: trinity-id-uuid, trinity-pk-identity, view-prefix, fk-references-pk")
    List<String> disabled = List.of();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        SchemaValidation result = cli().schemaConfiture(builder -> builder.disabledLintRules(disabled)).validateSchema();
        int code = result.valid() ? ExitCodes.OK : ExitCodes.FAILURE;
        if (output.json()) {
            out().println(CliJson.write(result, output.pretty));
            return code;
        }
        PrintWriter out = out();
        Style style = style();
        String where = switch (result.checkedIn()) {
            case TRANSACTION -> "in a rolled-back transaction";
            case SCRATCH_DATABASE -> "in a scratch database";
            case NOT_APPLIED -> "nowhere";
        };
        if (result.error() != null) {
            SchemaCommand.printError(out, style, cli().projectDir(), result.error());
            out.println(style.red("Invalid") + ": the schema files do not apply (" + result.files() + " file(s), "
                    + result.statements() + " statement(s) ran before the error, checked " + where + ", "
                    + result.ms() + " ms)");
            out.flush();
            err().println("error: the schema files do not apply");
            return code;
        }
        out.println("Schema files apply: " + result.files() + " file(s), " + result.statements() + " statement(s), "
                + "checked " + where + ", " + result.ms() + " ms");
        if (result.lint() != null) {
            SchemaCommand.printLint(out, style, result.lint());
        }
        if (result.valid()) {
            out.println(style.green("Valid") + ": the schema files apply and lint found no error");
        }
        else {
            out.println(style.red("Invalid") + ": lint found errors");
            out.flush();
            err().println("error: lint found errors in the schema");
        }
        return code;
    }
}
