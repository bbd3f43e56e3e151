package dev.confiture.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code confiture fleet}: what the central migration log says about every environment and database.
 */
@Command(name = "fleet", description = "Read the central migration log across environments and databases.",
        subcommands = { FleetStatusCommand.class })
final class FleetCommand extends CliCommand {

    /**
     * {@code confiture fleet} without a subcommand: the usage, and exit code 2.
     */
    @Override
    public Integer call() {
        spec.commandLine().usage(err(), Ansi.OFF);
        return ExitCodes.USAGE;
    }
}
