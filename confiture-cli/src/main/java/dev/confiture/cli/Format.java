package dev.confiture.cli;

/**
 * {@code --format}: a table (or lines) for people, or JSON for programs.
 */
enum Format {

    /** Human output. */
    table,

    /** JSON on one line ({@code --pretty} indents it). */
    json
}
