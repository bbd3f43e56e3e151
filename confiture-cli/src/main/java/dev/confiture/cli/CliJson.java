package dev.confiture.cli;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON of the CLI's own documents (dry run, migrate, down, ...): the core's records with snake_case
 * names (explicit {@code @JsonProperty} names, as on the status records, are kept), {@code null}s kept,
 * timestamps as ISO-8601 strings. The status document itself is written by {@code StatusJson}.
 */
final class CliJson {

    private static final JsonMapper COMPACT = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private static final JsonMapper PRETTY = COMPACT.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();

    private CliJson() {
    }

    /**
     * @param value a record (or a tree)
     * @return it as a tree, to add fields
     */
    static JsonNode tree(Object value) {
        return COMPACT.valueToTree(value);
    }

    /**
     * @param value a record or a tree
     * @param pretty whether to indent
     * @return the JSON
     */
    static String write(Object value, boolean pretty) {
        return (pretty ? PRETTY : COMPACT).writeValueAsString(value);
    }
}
