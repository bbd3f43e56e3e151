package dev.confiture.cli;

import dev.confiture.Confiture;
import dev.confiture.execution.DownResult;
import dev.confiture.execution.RevertedMigration;
import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code confiture migrate down}: reverts applied migrations with their down scripts.
 */
@Command(name = "down", description = {
        "Revert applied migrations with their down scripts.",
        "Newest first, each .down.sql in one transaction with the removal of its tracking row (default: --steps 1).",
        "A missing down script is refused before anything changes." })
final class DownCommand extends CliCommand implements ChangesTheDatabase {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    @Nullable Target how;

    @Mixin
    OutputOptions output = new OutputOptions();

    /** {@code --steps N} or {@code --target V}. */
    static final class Target {

        @Option(names = "--steps", paramLabel = "N", description = "Revert the newest N applied migrations (default: 1)")
        @Nullable Integer steps;

        @Option(names = "--target", paramLabel = "VERSION", converter = VersionConverter.class,
                description = "Revert everything newer than VERSION (VERSION stays applied; 0 reverts all)")
        @Nullable String target;
    }

    @Override
    public Integer call() {
        Integer steps = (how != null) ? how.steps : null;
        String target = (how != null) ? how.target : null;
        if (steps != null && steps < 1) {
            throw new UsageException("--steps must be at least 1, was " + steps);
        }
        Confiture confiture = cli().confiture(UnaryOperator.identity());
        DownResult result = (target != null) ? confiture.downTo(target) : confiture.down((steps != null) ? steps : 1);
        return print(this, result, output);
    }

    /**
     * Prints what a down reverted, as JSON or one line per migration.
     */
    static int print(CliCommand command, DownResult result, OutputOptions output) {
        if (output.json()) {
            command.out().println(CliJson.write(result, output.pretty));
            return ExitCodes.OK;
        }
        PrintWriter out = command.out();
        for (RevertedMigration reverted : result.reverted()) {
            out.println(command.style().green("reverted") + " " + reverted.slug() + " in " + reverted.executionTimeMs() + " ms"
                    + (reverted.transactional() ? "" : " (autocommit)"));
        }
        out.println((result.reverted().isEmpty() ? "Nothing to revert" : "Reverted " + result.reverted().size()
                + " migration(s) in " + result.totalTimeMs() + " ms") + "; now at version "
                + ((result.currentVersion() != null) ? result.currentVersion() : "none"));
        return ExitCodes.OK;
    }
}
