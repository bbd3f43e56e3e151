package dev.confiture.status;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link StatusReport} as the documented JSON.
 */
public final class StatusJson {

    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private StatusJson() {
    }

    /**
     * @param report the report
     * @return the JSON on one line
     */
    public static String write(StatusReport report) {
        return COMPACT.writeValueAsString(report);
    }

    /**
     * @param report the report
     * @return the JSON, indented for people
     */
    public static String writePretty(StatusReport report) {
        return PRETTY.writeValueAsString(report);
    }
}
