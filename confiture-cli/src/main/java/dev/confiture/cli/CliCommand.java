package dev.confiture.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand: reaches the top command's options, output and settings.
 */
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /**
     * @return the top command, which holds the global options
     */
    ConfitureCli cli() {
        return (ConfitureCli) spec.root().userObject();
    }

    PrintWriter out() {
        return cli().out();
    }

    PrintWriter err() {
        return cli().err();
    }

    Style style() {
        return cli().style();
    }
}
