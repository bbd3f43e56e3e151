package dev.confiture.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.api.ConfitureException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fuzz property of {@link SqlScriptFuzzTest} over generated inputs, in the default build: a seeded slice
 * (20,000 inputs; {@code -Dconfiture.fuzz.inputs=N} for more, {@code -Dconfiture.fuzz.seed=S} to replay) of what the
 * {@code fuzz} profile's coverage-guided million explores. Inputs are random sequences of the fuzzer's dictionary
 * entries, SQL fragments, whole statements and random bytes, so every lexer state is reached quickly, and the test
 * checks that both outcomes (several statements, a parse error) are reached often.
 */
class SqlScriptGeneratedInputsTest {

    private static final String[] FRAGMENTS = { ";", "'", "''", "E'", "U&'", "\"", "$$", "$tag$", "$1", "--", "/*", "*/",
        "(", ")", "BEGIN", " ATOMIC ", "END", "CASE", "CREATE ", "OR REPLACE ", "FUNCTION f() ", "PROCEDURE ", "INDEX ",
        "CONCURRENTLY", "VACUUM", "COMMIT", "ROLLBACK", "START TRANSACTION", "COPY t ", " FROM ", "STDIN", "\\", "\n",
        "\r", "\r\n", " ", "\t", "a", "1", "é", "😀", "x", "\\.", "SELECT ", "$a$", "$_$", "E'\\'", "\u0000" };

    /** Whole tokens and statements, so that inputs also get past the first quote: many split into several statements. */
    private static final String[] COMPLETE = { ";", "; ", ";\n", "SELECT 1;", "'it''s';", "E'a\\'b';", "\"q;\";",
        "$$ ; $$;", "$f$ BEGIN; END $f$;", "/* ; /* nested */ */", "-- ; comment\n", "CREATE INDEX CONCURRENTLY i ON t (a);",
        "BEGIN; SELECT 1; COMMIT;", "CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END;", "U&'d\\0061t';" };

    @Test
    void everyGeneratedInputSplitsOrIsRefusedWithAParseError() {
        int inputs = Integer.getInteger("confiture.fuzz.inputs", 20_000);
        long seed = Long.getLong("confiture.fuzz.seed", 20261130L);
        Random random = new Random(seed);
        SqlScriptFuzzTest property = new SqlScriptFuzzTest();
        int refused = 0;
        int severalStatements = 0;
        for (int input = 0; input < inputs; input++) {
            byte[] bytes = generate(random);
            try {
                property.splitsOrRefusesEveryInput(bytes);
                try {
                    if (SqlScriptParser.parse(new String(bytes, StandardCharsets.UTF_8), "fuzz.sql").statements().size() > 1) {
                        severalStatements++;
                    }
                }
                catch (ConfitureException ex) {
                    refused++;
                }
            }
            catch (AssertionError ex) {
                throw new AssertionError("input " + input + " of seed " + seed + " breaks the property: ["
                        + new String(bytes, StandardCharsets.UTF_8) + "]", ex);
            }
        }
        System.out.println(inputs + " generated inputs hold the lexer's fuzz property (seed " + seed + "): "
                + severalStatements + " split into several statements, " + refused + " refused with a parse error");
        // The generator must reach both outcomes often, or the property is checked on too little.
        assertThat(severalStatements).as("inputs that split into several statements").isGreaterThan(inputs / 3);
        assertThat(refused).as("inputs refused with a parse error").isGreaterThan(inputs / 5);
    }

    static byte[] generate(Random random) {
        StringBuilder script = new StringBuilder();
        int pieces = random.nextInt(30);
        // Half the inputs are whole statements only (they split), half mix in fragments and random characters (most
        // of those end inside a quote or a comment and are refused).
        boolean wholeStatements = random.nextBoolean();
        for (int i = 0; i < pieces; i++) {
            int kind = random.nextInt(8);
            if (wholeStatements || kind < 3) {
                script.append(COMPLETE[random.nextInt(COMPLETE.length)]);
            }
            else if (kind == 3) {
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
