package dev.confiture.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's performance table, generated from a results file: the table the run printed, the machine, the server's
 * durability settings and the results file's name, between the markers
 * {@code <!-- performance-table: RESULTS_FILE -->} and {@code <!-- /performance-table -->}. A test checks that the
 * README's block is what its results file generates.
 */
final class PerformanceTable {

    /** The block in a README: the results file it names, and its text. */
    static final Pattern BLOCK = Pattern.compile("<!-- performance-table: (\\S+) -->\\n(.*?)<!-- /performance-table -->",
            Pattern.DOTALL);

    private PerformanceTable() {
    }

    /**
     * @param results a results file's JSON
     * @param resultsName how the README names that file
     * @return the block's text (without the markers)
     */
    static String render(JsonNode results, String resultsName) {
        JsonNode machine = results.path("machine");
        boolean durable = results.path("settings").path("durable").asBoolean(true);
        return results.path("table_markdown").asString() + "\n"
                + "Server: PostgreSQL " + machine.path("postgresql_version").asString() + " (fsync="
                + machine.path("postgresql_fsync").asString() + ", synchronous_commit="
                + machine.path("postgresql_synchronous_commit").asString() + ", full_page_writes="
                + machine.path("postgresql_full_page_writes").asString() + (durable ? ": PostgreSQL's durable defaults"
                        : ": the test suite's throw-away settings") + "). Machine: " + results.path("machine_line").asString()
                + ". Arguments: `" + String.join(" ", results.path("arguments").valueStream().map(JsonNode::asString)
                        .toList()) + "`. Generated from `" + resultsName + "`.\n";
    }

    /**
     * Writes the block for {@code results} into {@code readme}, replacing the one there.
     * @param resultsName how the README names the results file (a path from the repository's root)
     * @throws IllegalStateException when the README has no block to replace
     */
    static void writeInto(Path readme, Path results, String resultsName) {
        try {
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            Matcher block = BLOCK.matcher(text);
            if (!block.find()) {
                throw new IllegalStateException(readme + " has no '<!-- performance-table: FILE -->' ... "
                        + "'<!-- /performance-table -->' block to write the table into");
            }
            String generated = "<!-- performance-table: " + resultsName + " -->\n" + render(read(results), resultsName)
                    + "<!-- /performance-table -->";
            Files.writeString(readme, text.substring(0, block.start()) + generated + text.substring(block.end()),
                    StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static JsonNode read(Path results) {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(results, StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
