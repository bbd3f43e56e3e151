package dev.confiture.schema.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * One difference between the expected schema and the live database.
 *
 * @param kind missing, extra or changed
 * @param objectType the kind of object
 * @param name its qualified name (see {@link CatalogObject#name()})
 * @param attribute for a changed object, the attribute that differs (e.g. {@code type}, {@code default},
 * {@code definition}); else {@code null}
 * @param expected what the expected schema has: the attribute's value, or for a missing object its summary
 * (e.g. the index definition); {@code null} for an extra object or an absent attribute
 * @param actual what the live database has, likewise
 */
@JsonPropertyOrder({ "kind", "object_type", "name", "attribute", "expected", "actual" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Difference(DifferenceKind kind, @JsonProperty("object_type") ObjectType objectType, String name,
        @Nullable String attribute, @Nullable String expected, @Nullable String actual) {

    @Override
    public String toString() {
        return switch (kind) {
            case MISSING -> "missing " + objectType.value() + " " + name + ": " + expected;
            case EXTRA -> "extra " + objectType.value() + " " + name + ": " + actual;
            case CHANGED -> "changed " + objectType.value() + " " + name + ": " + attribute + " is " + actual
                    + ", expected " + expected;
        };
    }
}
