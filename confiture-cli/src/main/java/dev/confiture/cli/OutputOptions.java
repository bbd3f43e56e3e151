package dev.confiture.cli;

import picocli.CommandLine.Option;

/**
 * {@code --format} and {@code --pretty}, which every command that prints a result takes (as a picocli mixin).
 */
final class OutputOptions {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE})")
    Format format = Format.table;

    @Option(names = "--pretty", description = "Indent the JSON")
    boolean pretty;

    /**
     * @return whether the result is to be written as JSON
     */
    boolean json() {
        return format == Format.json;
    }
}
