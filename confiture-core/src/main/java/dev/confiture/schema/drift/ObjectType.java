package dev.confiture.schema.drift;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The kinds of catalog objects drift compares, in the order differences are listed.
 */
public enum ObjectType {

    /** A schema (namespace). */
    SCHEMA,

    /** An installed extension: its schema and version. */
    EXTENSION,

    /** An enum, domain, range or stand-alone composite type. */
    TYPE,

    /** A table, partitioned table or foreign table. */
    TABLE,

    /** A column of a table: type, nullability, default, identity, generation expression, collation. */
    COLUMN,

    /** A primary key, unique, foreign key, check or exclusion constraint. */
    CONSTRAINT,

    /** An index that does not back a constraint (those are compared as constraints). */
    INDEX,

    /** A view or materialized view, with its definition. */
    VIEW,

    /** A sequence that is not an identity column's (identity is compared on the column). */
    SEQUENCE,

    /** A function, procedure or aggregate, identified by its argument types. */
    FUNCTION,

    /** A trigger. */
    TRIGGER;

    /** @return the JSON value, lower-case */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
