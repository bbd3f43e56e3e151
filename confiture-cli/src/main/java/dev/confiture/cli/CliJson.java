package dev.confiture.cli;

import dev.confiture.api.SourceLocation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
     * The error document a command that was asked for JSON prints on stdout when it fails, so that a consumer of
     * its output always gets JSON: {@code {"error": {"code", "message", "hint", "location", "exit_code"}}}, where
     * {@code code} is an {@code ErrorCode} name, {@code USAGE} (a bad command line) or {@code INTERNAL_ERROR} (a bug),
     * and {@code location} is {@code {"source", "line", "column"}} or {@code null}.
     * @param exitCode the exit code the command ends with
     * @return the document
     */
    static ObjectNode error(String code, String message, @Nullable String hint, @Nullable SourceLocation location,
            int exitCode) {
        ObjectNode document = COMPACT.createObjectNode();
        ObjectNode error = document.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("hint", hint);
        error.set("location", (location != null) ? tree(location) : null);
        error.put("exit_code", exitCode);
        return document;
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
