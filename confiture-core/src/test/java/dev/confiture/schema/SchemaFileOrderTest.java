package dev.confiture.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order of schema files: path segments one by one, leading digits as numbers, then by name.
 */
class SchemaFileOrderTest {

    @Test
    void numericPrefixesCompareAsNumbersInDirectoriesAndFiles() {
        List<String> expected = List.of(
                "00_extensions/uuid.sql",
                "2_types.sql",
                "10_tables/1_tb_a.sql",
                "10_tables/2_tb_b.sql",
                "10_tables/10_tb_c.sql",
                "10_tables/100_tb_d.sql",
                "10_tables/x_no_number.sql",
                "20_views/v_a.sql",
                "functions.sql");
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(42));

        shuffled.sort(SchemaFileOrder.PATHS);

        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @Test
    void equalNumbersCompareByTheRestThenByText() {
        assertThat(SchemaFileOrder.compare("1_a.sql", "01_b.sql")).isNegative();
        assertThat(SchemaFileOrder.compare("01_a.sql", "1_a.sql")).isNegative();
        assertThat(SchemaFileOrder.compare("1_a.sql", "1_a.sql")).isZero();
    }

    @Test
    void hugeNumbersCompareWithoutOverflow() {
        assertThat(SchemaFileOrder.compare("99999999999999999999_a.sql", "100000000000000000000_a.sql")).isNegative();
        assertThat(SchemaFileOrder.compare("000000000000000000000000000002_a.sql", "10_a.sql")).isNegative();
    }

    @Test
    void aDirectoryStaysTogetherAndNamesAreCaseSensitive() {
        List<String> paths = new ArrayList<>(List.of("b.sql", "a/z.sql", "B.sql", "a.sql", "a/b/c.sql"));

        paths.sort(SchemaFileOrder.PATHS);

        assertThat(paths).containsExactly("B.sql", "a/b/c.sql", "a/z.sql", "a.sql", "b.sql");
    }
}
