package dev.confiture.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's performance table is what its results file generates, never edited by hand.
 */
class PerformanceTableTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void theReadmesTableIsGeneratedFromTheResultsFileItNames() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher block = PerformanceTable.BLOCK.matcher(readme);

        assertThat(block.find()).as("README.md has a performance-table block").isTrue();
        Path results = ROOT.resolve(block.group(1));
        assertThat(results).as("the results file the README names").exists();
        assertThat(block.group(2)).isEqualTo(PerformanceTable.render(PerformanceTable.read(results), block.group(1)));
        assertThat(block.group(2)).contains("| case | JVM |", "fsync=", "synchronous_commit=");
    }

    @Test
    void writingReplacesOnlyTheBlock(@TempDir Path directory) throws Exception {
        Path readme = directory.resolve("README.md");
        Files.writeString(readme, "before\n<!-- performance-table: old.json -->\nold table\n<!-- /performance-table -->\nafter\n");
        Path results = directory.resolve("new.json");
        Files.writeString(results, "{\"table_markdown\":\"| case |\\n\",\"machine_line\":\"2 cores\",\"arguments\":[\"--quick\"],"
                + "\"settings\":{\"durable\":true},\"machine\":{\"postgresql_fsync\":\"on\"}}");

        PerformanceTable.writeInto(readme, results, "new.json");

        assertThat(Files.readString(readme)).startsWith("before\n<!-- performance-table: new.json -->\n| case |\n")
                .contains("fsync=on", "PostgreSQL's durable defaults", "`--quick`", "Generated from `new.json`")
                .endsWith("<!-- /performance-table -->\nafter\n");
        Files.writeString(readme, "no block\n");
        assertThatThrownBy(() -> PerformanceTable.writeInto(readme, results, "new.json"))
                .hasMessageContaining("no '<!-- performance-table");
    }
}
