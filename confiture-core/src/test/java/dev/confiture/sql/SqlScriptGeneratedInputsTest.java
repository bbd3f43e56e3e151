package dev.confiture.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fuzz property of {@link SqlScriptFuzzTest} over generated inputs, in the default build: a seeded slice
 * (20,000 inputs; {@code -Dconfiture.fuzz.inputs=N} for more, {@code -Dconfiture.fuzz.seed=S} to replay) of what the
 * {@code fuzz} profile's coverage-guided million explores. Inputs are random sequences of the fuzzer's dictionary
 * entries, SQL fragments and random bytes, so every lexer state is reached quickly.
 */
class SqlScriptGeneratedInputsTest {

    private static final String[] FRAGMENTS = { ";", "'", "''", "E'", "U&'", "\"", "$$", "$tag$", "$1", "--", "/*", "*/",
        "(", ")", "BEGIN", " ATOMIC ", "END", "CASE", "CREATE ", "OR REPLACE ", "FUNCTION f() ", "PROCEDURE ", "INDEX ",
        "CONCURRENTLY", "VACUUM", "COMMIT", "ROLLBACK", "START TRANSACTION", "COPY t ", " FROM ", "STDIN", "\\", "\n",
        "\r", "\r\n", " ", "\t", "a", "1", "é", "😀", "x", "\\.", "SELECT ", "$a$", "$_$", "E'\\'", "\u0000" };

    @Test
    void everyGeneratedInputSplitsOrIsRefusedWithAParseError() {
        int inputs = Integer.getInteger("confiture.fuzz.inputs", 20_000);
        long seed = Long.getLong("confiture.fuzz.seed", 20261130L);
        Random random = new Random(seed);
        SqlScriptFuzzTest property = new SqlScriptFuzzTest();
        for (int input = 0; input < inputs; input++) {
            byte[] bytes = generate(random);
            try {
                property.splitsOrRefusesEveryInput(bytes);
            }
            catch (AssertionError ex) {
                throw new AssertionError("input " + input + " of seed " + seed + " breaks the property: ["
                        + new String(bytes, StandardCharsets.UTF_8) + "]", ex);
            }
        }
        System.out.println(inputs + " generated inputs hold the lexer's fuzz property (seed " + seed + ")");
        assertThat(inputs).isPositive();
    }

    private static byte[] generate(Random random) {
        StringBuilder script = new StringBuilder();
        int pieces = random.nextInt(30);
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(8) == 0) {
                script.append((char) random.nextInt(128));
            }
            else {
                script.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
        }
        byte[] bytes = script.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0 && random.nextInt(20) == 0) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
