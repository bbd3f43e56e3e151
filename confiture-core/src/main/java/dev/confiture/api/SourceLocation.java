package dev.confiture.api;

/**
 * A place in a migration file: its description (path or classpath location), a 1-based line and a
 * 1-based column ({@code 0} when unknown).
 *
 * @param source where the file lives, e.g. {@code classpath:db/migration/001_init.up.sql}
 * @param line the line, starting at 1
 * @param column the column in characters, starting at 1, or 0 when unknown
 */
public record SourceLocation(String source, int line, int column) {

    /**
     * A location without a column.
     * @param source where the file lives
     * @param line the line, starting at 1
     * @return the location
     */
    public static SourceLocation of(String source, int line) {
        return new SourceLocation(source, line, 0);
    }

    @Override
    public String toString() {
        return source + ", line " + line + ((column > 0) ? ", column " + column : "");
    }
}
