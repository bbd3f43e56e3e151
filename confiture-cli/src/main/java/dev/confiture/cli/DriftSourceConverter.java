package dev.confiture.cli;

import dev.confiture.schema.drift.DriftSource;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code --against migrations|schema-files}: what drift compares the database with.
 */
final class DriftSourceConverter implements CommandLine.ITypeConverter<DriftSource> {

    @Override
    public DriftSource convert(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "migrations" -> DriftSource.MIGRATIONS;
            case "schema-files", "schema_files" -> DriftSource.SCHEMA_FILES;
            default -> throw new CommandLine.TypeConversionException("'" + value
                    + "' is neither migrations nor schema-files");
        };
    }

    /**
     * @param source a source
     * @return how the command line writes it: {@code migrations} or {@code schema-files}
     */
    static String name(DriftSource source) {
        return source.value().replace('_', '-');
    }

    /** The values {@code --help} lists. */
    static final class Candidates implements Iterable<String> {

        @Override
        public Iterator<String> iterator() {
            return List.of("migrations", "schema-files").iterator();
        }
    }
}
