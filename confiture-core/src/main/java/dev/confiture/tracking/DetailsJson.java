package dev.confiture.tracking;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Writes an event's details as JSON text, the same text Jackson writes for them. Every event of a run is written
 * through here, so a run of a thousand migrations in a fresh JVM writes a thousand details: Jackson's generator, cold,
 * cost that run a tenth of its client time (benchmark P9's profile). Details hold strings, integers, booleans, lists
 * and maps of those; any other value (a double, a decimal, an object) is written by the {@code fallback} (Jackson), so the text
 * never differs from Jackson's.
 */
final class DetailsJson {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DetailsJson() {
    }

    /**
     * @param details the details, their keys in the order to write them
     * @param fallback writes a value this class does not write itself
     * @return the JSON text
     */
    static String write(Map<String, ?> details, Function<Object, String> fallback) {
        StringBuilder json = new StringBuilder(64 + 32 * details.size());
        value(json, details, fallback);
        return json.toString();
    }

    private static void value(StringBuilder json, @Nullable Object value, Function<Object, String> fallback) {
        if (value == null) {
            json.append("null");
        }
        else if (value instanceof String text) {
            string(json, text);
        }
        else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof Boolean) {
            json.append(value);
        }
        else if (value instanceof Map<?, ?> map && stringKeys(map)) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                string(json, (String) entry.getKey());
                json.append(':');
                value(json, entry.getValue(), fallback);
            }
            json.append('}');
        }
        else if (value instanceof Collection<?> list) {
            json.append('[');
            boolean first = true;
            for (Object element : list) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                value(json, element, fallback);
            }
            json.append(']');
        }
        else {
            json.append(fallback.apply(value));
        }
    }

    private static boolean stringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** A JSON string as Jackson escapes it: quote, backslash and control characters; nothing else. */
    private static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    }
                    else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
