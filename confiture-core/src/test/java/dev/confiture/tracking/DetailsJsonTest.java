package dev.confiture.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The details an event stores are the text Jackson writes for them, whatever they hold: Jackson is the oracle.
 */
class DetailsJsonTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    @Test
    void writesWhatJacksonWritesForEveryKindOfValue() {
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("pid", 4242);
        backend.put("backend_start", "1764500000.123456");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attempt_id", UUID.randomUUID().toString());
        details.put("statements", 3);
        details.put("elapsed", 12345678901L);
        details.put("transactional", true);
        details.put("resumed", false);
        details.put("target", null);
        details.put("reverted", List.of("001_a", "002_b"));
        details.put("empty_list", List.of());
        details.put("empty_map", Map.of());
        details.put("backend", backend);
        details.put("nested", List.of(Map.of("k", List.of(1, 2L, "x")), Arrays.asList(null, true)));
        details.put("big", new BigInteger("123456789012345678901234567890"));
        details.put("short", (short) 7);
        details.put("byte", (byte) -3);
        details.put("decimal", new BigDecimal("1E+3"));
        details.put("double", 0.1);
        details.put("nan", Double.NaN);
        details.put("uuid", UUID.fromString("00000000-0000-0000-0000-000000000001"));
        details.put("enum", EventKind.MIGRATE);
        details.put("non_string_keys", Map.of(1, "one"));
        details.put("error", "ERROR: relation \"t\" does not exist\n  Position: 15\tat line 3\\ \r\b\f\u0000\u001f\u007f"
                + " é ✓ 😀 \ud800 </script>");
        assertThat(DetailsJson.write(details, JACKSON::writeValueAsString)).isEqualTo(JACKSON.writeValueAsString(details));
    }

    @Test
    void escapesEveryCharacterAsJacksonDoes() {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            every.append(c);
        }
        Random random = new Random(17);
        List<String> strings = new ArrayList<>(List.of(every.toString(), "", "\"", "\\"));
        for (int i = 0; i < 200; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) random.nextInt(Character.MAX_VALUE + 1);
            }
            strings.add(new String(chars));
        }
        for (String text : strings) {
            Map<String, Object> details = Map.of(text, text);
            assertThat(DetailsJson.write(details, JACKSON::writeValueAsString))
                    .isEqualTo(JACKSON.writeValueAsString(details));
        }
    }
}
