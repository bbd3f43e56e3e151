package dev.confiture.cli;

import picocli.CommandLine;

/**
 * A migration version on the command line: digits only (compared as a number by the core).
 */
final class VersionConverter implements CommandLine.ITypeConverter<String> {

    @Override
    public String convert(String value) {
        String version = value.trim();
        if (!version.matches("\\d{1,255}")) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a version: write its digits, e.g. 001");
        }
        return version;
    }
}
