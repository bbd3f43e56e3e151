package dev.confiture.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The naming rule's fast path (no regular expression) against the rule written as one: they accept the same names
 * and read the same version, name and direction from them.
 */
class MigrationFileNameTest {

    /** The rule as documented, the oracle. */
    private static final Pattern RULE = Pattern.compile("([0-9]+)_([A-Za-z0-9_-]+)\\.(up|down)\\.sql");

    @Test
    void acceptsWhatTheRuleAcceptsAndNothingElse() {
        List<String> names = new ArrayList<>(List.of("0001_m1.up.sql", "1_a.down.sql", "12_3_x.up.sql", "007__.up.sql",
                "1_-.down.sql", "1_.up.sql", "_a.up.sql", "1a_b.up.sql", "1_a.b.up.sql", "1_a.UP.sql", "1_a.up.SQL",
                "1_a up.sql", "1_a.up.sql.bak", "V1__a.sql", "R__a.sql", "beforeMigrate.sql", "1_a.sql", ".up.sql",
                "1.up.sql", "1_é.up.sql", "١_a.up.sql", "1_a\u0000.up.sql"));
        Random random = new Random(17);
        String[] digits = { "", "0", "7", "42", "a" };
        String[] separators = { "_", "_", "", "-", "__" };
        String[] nameCharacters = { "a", "Z", "0", "_", "-", ".", " ", "é" };
        String[] suffixes = { ".up.sql", ".down.sql", ".sql", ".UP.sql", ".up.sql.bak", "" };
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder(digits[random.nextInt(digits.length)])
                    .append(separators[random.nextInt(separators.length)]);
            for (int length = random.nextInt(5); length > 0; length--) {
                name.append(nameCharacters[random.nextInt(nameCharacters.length)]);
            }
            names.add(name.append(suffixes[random.nextInt(suffixes.length)]).toString());
        }
        int valid = 0;
        for (String name : names) {
            Matcher rule = RULE.matcher(name);
            MigrationFileName.Result parsed = MigrationFileName.parse(name);
            if (rule.matches()) {
                valid++;
                assertThat(parsed).as(name).isEqualTo(
                        new MigrationFileName.Valid(rule.group(1), rule.group(2), rule.group(3).equals("up")));
            }
            else {
                assertThat(parsed).as(name).isNotInstanceOf(MigrationFileName.Valid.class);
            }
        }
        assertThat(valid).as("the generated names include valid ones").isGreaterThan(500);
    }
}
