package dev.confiture.cli;

import dev.confiture.execution.ApprovalResult;
import java.time.temporal.ChronoUnit;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code confiture migrate approve V}: approves an {@code approval=required} migration's current file.
 */
@Command(name = "approve", description = {
        "Approve a migration marked approval=required.",
        "Records who approved which file (by checksum), so it may be applied in the environments that require",
        "approvals (production). A changed file needs a new approval." })
final class ApproveCommand extends CliCommand implements ChangesTheDatabase {

    @Parameters(index = "0", paramLabel = "VERSION", converter = VersionConverter.class,
            description = "The migration to approve")
    String version = "";

    @Option(names = "--by", paramLabel = "NAME", description = "Who approves (default: the OS user, ${DEFAULT-VALUE})",
            defaultValue = "${sys:user.name}")
    String by = "";

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        if (by.isBlank()) {
            throw new UsageException("--by is empty: say who approves, e.g. --by alice");
        }
        ApprovalResult result = cli().confiture(UnaryOperator.identity()).approve(version, by.trim());
        if (output.json()) {
            out().println(CliJson.write(result, output.pretty));
            return ExitCodes.OK;
        }
        out().println(style().green("approved") + " " + result.slug() + " by " + result.approvedBy() + " (checksum "
                + result.checksum().substring(0, Math.min(12, result.checksum().length())) + ", at " + result.approvedAt().truncatedTo(ChronoUnit.MILLIS)
                + ")");
        return ExitCodes.OK;
    }
}
