package dev.confiture.cli;

import dev.confiture.execution.RepairResult;
import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code confiture migrate repair}: accepts changed checksums, keeps rollback-pending migrations applied and
 * clears failed attempts, each recorded as an event.
 */
@Command(name = "repair", description = {
        "Repair the tracking state after a failure.",
        "Accepts the current checksum of applied files that changed, keeps rollback-pending migrations applied",
        "(their down is no longer owed), and clears failed attempts (the next migrate starts them from statement 1).",
        "Each action is an event in the event table. Changes no schema object." })
final class RepairCommand extends CliCommand implements ChangesTheDatabase {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        RepairResult result = cli().confiture(UnaryOperator.identity()).repair();
        if (output.json()) {
            out().println(CliJson.write(result, output.pretty));
            return ExitCodes.OK;
        }
        PrintWriter out = out();
        if (result.actions().isEmpty()) {
            out.println("Nothing to repair.");
        }
        for (String action : result.actions()) {
            out.println(style().green("repaired") + " " + action);
        }
        return ExitCodes.OK;
    }
}
