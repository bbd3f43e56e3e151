package dev.confiture.fleet;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the {@link FleetReport} as JSON (README, "Operating many databases").
 */
public final class FleetJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final JsonMapper PRETTY = JsonMapper.builder()
            .enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT).build();

    private FleetJson() {
    }

    /**
     * @param report the report
     * @return the JSON document, on one line
     */
    public static String write(FleetReport report) {
        return JSON.writeValueAsString(report);
    }

    /**
     * @param report the report
     * @return the JSON document, indented for people
     */
    public static String writePretty(FleetReport report) {
        return PRETTY.writeValueAsString(report);
    }
}
