package dev.confiture.schema.drift;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link DriftReport} as its documented snake_case JSON.
 */
public final class DriftJson {

    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private DriftJson() {
    }

    /**
     * @param report the report
     * @return the JSON on one line
     */
    public static String write(DriftReport report) {
        return COMPACT.writeValueAsString(report);
    }

    /**
     * @param report the report
     * @return the JSON, indented for people
     */
    public static String writePretty(DriftReport report) {
        return PRETTY.writeValueAsString(report);
    }
}
