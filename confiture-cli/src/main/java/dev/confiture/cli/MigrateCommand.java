package dev.confiture.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code confiture migrate ...}: the migration subcommands.
 */
@Command(name = "migrate", description = "Inspect and change the database's migrations.",
        subcommands = { StatusCommand.class, CurrentCommand.class, UpCommand.class, DownCommand.class, DownToCommand.class,
                NewCommand.class, GenerateCommand.class, PlanCommand.class,
                BaselineCommand.class,
                ValidateCommand.class, ApproveCommand.class, RepairCommand.class, CleanCommand.class })
final class MigrateCommand extends CliCommand {

    /**
     * {@code confiture migrate} without a subcommand: the usage, and exit code 2.
     */
    @Override
    public Integer call() {
        spec.commandLine().usage(err(), Ansi.OFF);
        return ExitCodes.USAGE;
    }
}
