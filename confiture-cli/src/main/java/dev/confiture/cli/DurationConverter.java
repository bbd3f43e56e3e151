package dev.confiture.cli;

import java.time.Duration;
import picocli.CommandLine;

/**
 * A duration on the command line ({@link Durations}).
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value, "duration");
        }
        catch (UsageException ex) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write e.g. 30s, 5m, 2h, "
                    + "250ms or PT5M");
        }
    }
}
