package dev.confiture.cli;

import dev.confiture.state.ValidateResult;
import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code confiture migrate validate}: checks files against the database; exit 1 on errors.
 */
@Command(name = "validate", description = {
        "Check the migration files against the database (exit 1 on errors).",
        "Finds changed applied files (checksums), missing files, out-of-order pending migrations, bad file",
        "names and headers. Read-only." })
final class ValidateCommand extends CliCommand {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        ValidateResult result = cli().confiture(UnaryOperator.identity()).validate();
        int code = result.valid() ? ExitCodes.OK : ExitCodes.FAILURE;
        if (output.json()) {
            ObjectNode tree = (ObjectNode) CliJson.tree(result);
            ObjectNode document = tree.objectNode();
            document.put("valid", result.valid());
            document.setAll(tree);
            out().println(CliJson.write(document, output.pretty));
            return code;
        }
        PrintWriter out = out();
        StatusCommand.printProblems(out, style(), result.errors());
        StatusCommand.printProblems(out, style(), result.notes());
        if (result.valid()) {
            out.println(style().green("Valid") + ": no errors" + (result.notes().isEmpty() ? ""
                    : ", " + result.notes().size() + " note(s)"));
        }
        else {
            out.flush();
            err().println("error: validation found " + result.errors().size() + " error(s)");
        }
        return code;
    }
}
