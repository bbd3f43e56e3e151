package dev.confiture.schema.drift;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One object of a database's schema as read from the catalog.
 *
 * @param type the kind of object
 * @param name the qualified name: {@code schema.table} for tables, views, sequences and types,
 * {@code schema.table.column} for columns, {@code schema.table.constraint} for constraints and triggers,
 * {@code schema.index} for indexes, {@code schema.function(argument types)} for functions, the bare name
 * for schemas and extensions
 * @param parent the qualified name of the table or view a column, constraint, index or trigger belongs to,
 * else {@code null}
 * @param summary a one-line description shown for a missing or extra object, e.g. the column's type or the
 * index definition
 * @param attributes the compared attributes, by name; an attribute without value is absent
 */
record CatalogObject(ObjectType type, String name, @Nullable String parent, String summary,
        Map<String, String> attributes) {

    /**
     * @param type the kind of object
     * @param name the qualified name
     * @param parent the owning table or view, or {@code null}
     * @param summary the one-line description
     * @param attributes the attributes (copied, sorted by name)
     */
    public CatalogObject {
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
}
