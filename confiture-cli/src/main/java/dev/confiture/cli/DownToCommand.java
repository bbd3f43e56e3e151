package dev.confiture.cli;

import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code confiture migrate down-to VERSION}: upstream Confiture's name for {@code down --target VERSION}.
 */
@Command(name = "down-to", description = {
        "Revert everything newer than VERSION (the same as down --target VERSION).",
        "VERSION stays applied; 0 reverts every migration, a migration with version 0 included." })
final class DownToCommand extends CliCommand implements ChangesTheDatabase {

    @Parameters(index = "0", paramLabel = "VERSION", converter = VersionConverter.class,
            description = "The version to go back to")
    String version = "";

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        return DownCommand.print(this, cli().confiture(UnaryOperator.identity()).downTo(version), output);
    }
}
