package dev.confiture.schema.drift;

import dev.confiture.tracking.TableName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Writes the SQL that takes a database from one schema to another, object by object, in dependency order: new
 * schemas, extensions, types and sequences first; then what goes away or changes beyond an {@code ALTER} (triggers,
 * views, functions, constraints, columns, tables); then tables, columns, functions, constraints (foreign keys last),
 * views, triggers, comments; what is left of schemas, types and extensions last. Indexes go to a script of their own,
 * built and dropped {@code CONCURRENTLY}, which runs statement by statement. What it cannot express (a changed
 * enum, partitioning, a changed identity, ...) becomes a TODO line, never a silent omission.
 */
final class MigrationGenerator {

    /**
     * The scripts between two schemas.
     *
     * @param statements the main script's statements, in order
     * @param indexStatements the index script's statements ({@code CONCURRENTLY}), in order
     * @param todos what was not written, one line each
     */
    record Scripts(List<String> statements, List<String> indexStatements, List<String> todos) {
    }

    private final Map<String, CatalogObject> from;

    private final Map<String, CatalogObject> to;

    private final List<String> statements = new ArrayList<>();

    private final List<String> indexStatements = new ArrayList<>();

    private final List<String> todos = new ArrayList<>();

    /** Changed or new indexes of views created again, created after them. */
    private final List<String> viewIndexes = new ArrayList<>();

    /** Views on both sides that are dropped and created again: changed, or depending on what is. */
    private final java.util.Set<String> recreatedViews = new java.util.LinkedHashSet<>();

    private MigrationGenerator(SchemaSnapshot from, SchemaSnapshot to) {
        this.from = index(from);
        this.to = index(to);
        List<String> ambiguous = new ArrayList<>();
        for (Map<String, CatalogObject> side : List.of(this.from, this.to)) {
            side.values().removeIf(object -> {
                if (ambiguousName(object)) {
                    ambiguous.add(object.type().value() + " " + object.name());
                    return true;
                }
                return false;
            });
        }
        ambiguous.stream().distinct().forEach(name -> todos.add(name + ": a name with a dot in its schema or its "
                + "own name is not written (its parts cannot be told apart); write it by hand"));
    }

    /**
     * @param from the schema a database has
     * @param to the schema it should have
     * @return the statements that take it there
     */
    static Scripts between(SchemaSnapshot from, SchemaSnapshot to) {
        MigrationGenerator generator = new MigrationGenerator(from, to);
        generator.generate();
        return new Scripts(List.copyOf(generator.statements), List.copyOf(generator.indexStatements),
                List.copyOf(generator.todos));
    }

    private void generate() {
        added(ObjectType.SCHEMA).forEach(schema -> statements.add("CREATE SCHEMA " + TableName.quote(schema.name())));
        added(ObjectType.EXTENSION).forEach(extension -> statements.add("CREATE EXTENSION IF NOT EXISTS "
                + TableName.quote(extension.name()) + " SCHEMA " + TableName.quote(Objects.requireNonNull(extension.attributes().get("schema")))));
        changed(ObjectType.EXTENSION).forEach(extension -> todo(extension, "extension version or schema changed"));
        types();
        sequences();
        findRecreatedViews();
        dropsBeforeCreates();
        functions();
        tables();
        columns();
        constraints();
        indexes();
        views();
        triggers();
        sequenceOwners();
        comments();
        for (CatalogObject function : removed(ObjectType.FUNCTION)) {
            // after the tables, columns, constraints and views that may use it
            if (function.attributes().get("definition") != null) {
                statements.add("DROP " + routine(function) + " " + function(function.name()));
            }
            else if ("aggregate".equals(function.attributes().get("kind"))) {
                statements.add("DROP AGGREGATE IF EXISTS " + function(function.name()));
            }
            else {
                todo(function, "a " + function.attributes().get("kind") + " is not dropped here");
            }
        }
        removed(ObjectType.SEQUENCE).forEach(sequence -> statements.add("DROP SEQUENCE IF EXISTS "
                + qualified(sequence.name())));
        removed(ObjectType.TYPE).forEach(type -> statements.add("DROP " + (isDomain(type) ? "DOMAIN " : "TYPE ")
                + qualified(type.name())));
        removed(ObjectType.EXTENSION).forEach(extension -> statements.add("DROP EXTENSION " + TableName.quote(extension.name())));
        removed(ObjectType.SCHEMA).forEach(schema -> statements.add("DROP SCHEMA " + TableName.quote(schema.name())));
        if (statements.stream().anyMatch(statement -> statement.startsWith("CREATE OR REPLACE FUNCTION")
                || statement.startsWith("CREATE OR REPLACE PROCEDURE"))) {
            // functions come before the tables, views and constraints that use them, and may use those in turn
            statements.add(0, "SET LOCAL check_function_bodies = off");
        }
    }

    /**
     * The views to drop and create again besides the changed ones: those that use a view that is, or a table whose
     * column changes type (PostgreSQL refuses to change either under a view), transitively.
     */
    private void findRecreatedViews() {
        changed(ObjectType.VIEW).forEach(view -> recreatedViews.add(view.name()));
        java.util.Set<String> retyped = new java.util.HashSet<>();
        changed(ObjectType.COLUMN).stream().filter(column -> !Objects.equals(column.attributes().get("type"),
                Objects.requireNonNull(from.get(key(column))).attributes().get("type")))
                .forEach(column -> retyped.add(Objects.requireNonNull(column.parent())));
        List<CatalogObject> onBothSides = select(to, ObjectType.VIEW, view -> from.containsKey(key(view)));
        for (boolean grew = true; grew;) {
            grew = false;
            for (CatalogObject view : onBothSides) {
                CatalogObject before = Objects.requireNonNull(from.get(key(view)));
                if (!recreatedViews.contains(view.name()) && (recreatedViews.stream().anyMatch(other -> uses(before, other))
                        || retyped.stream().anyMatch(table -> uses(before, table)))) {
                    recreatedViews.add(view.name());
                    grew = true;
                }
            }
        }
    }

    private void types() {
        List<CatalogObject> added = new ArrayList<>(added(ObjectType.TYPE));
        added.sort(Comparator.comparing(type -> switch (attribute(type, "kind")) {
            case "enum" -> 0;
            case "domain" -> 1;
            default -> 2;
        }));
        for (CatalogObject type : added) {
            String definition = attribute(type, "definition");
            switch (attribute(type, "kind")) {
                case "enum" -> statements.add("CREATE TYPE " + qualified(type.name()) + " AS ENUM (" + definition + ")");
                case "composite" -> statements.add("CREATE TYPE " + qualified(type.name()) + " AS (" + definition + ")");
                case "domain" -> statements.add("CREATE DOMAIN " + qualified(type.name()) + " AS " + definition
                        + ((type.attributes().get("default") != null) ? " DEFAULT " + type.attributes().get("default") : "")
                        + ("true".equals(type.attributes().get("not_null")) ? " NOT NULL" : "")
                        + ((type.attributes().get("constraints") != null) ? " " + type.attributes().get("constraints") : ""));
                default -> todo(type, "a " + attribute(type, "kind") + " type is not written");
            }
        }
        changed(ObjectType.TYPE).forEach(type -> todo(type, "the type changed (an enum's values, a domain's constraint)"));
    }

    private void sequences() {
        for (CatalogObject sequence : added(ObjectType.SEQUENCE)) {
            Map<String, String> a = sequence.attributes();
            statements.add("CREATE SEQUENCE " + qualified(sequence.name()) + " AS " + a.get("type") + " INCREMENT BY "
                    + a.get("increment") + " MINVALUE " + a.get("min") + " MAXVALUE " + a.get("max") + " START WITH "
                    + a.get("start") + " CACHE " + a.get("cache") + ("true".equals(a.get("cycle")) ? " CYCLE" : " NO CYCLE"));
        }
        changed(ObjectType.SEQUENCE).forEach(sequence -> todo(sequence, "the sequence's settings changed"));
    }

    private void sequenceOwners() {
        for (CatalogObject sequence : added(ObjectType.SEQUENCE)) {
            String owner = sequence.attributes().get("owned_by");
            if (owner != null) {
                int column = owner.lastIndexOf('.');
                statements.add("ALTER SEQUENCE " + qualified(sequence.name()) + " OWNED BY "
                        + qualified(owner.substring(0, column)) + "." + TableName.quote(owner.substring(column + 1)));
            }
        }
    }

    /** What goes away, or changes in a way only dropping and creating it again expresses, dependents first. */
    private void dropsBeforeCreates() {
        for (CatalogObject trigger : removedOrChanged(ObjectType.TRIGGER)) {
            if (stays(Objects.requireNonNull(trigger.parent())) && !recreatedViews.contains(trigger.parent())) {
                statements.add("DROP TRIGGER " + TableName.quote(childName(trigger)) + " ON " + qualified(trigger.parent()));
            }
        }
        List<CatalogObject> dropped = select(from, ObjectType.VIEW,
                view -> !to.containsKey(key(view)) || recreatedViews.contains(view.name()));
        List<CatalogObject> dependentsFirst = new ArrayList<>(dependencyOrder(dropped));
        java.util.Collections.reverse(dependentsFirst);
        for (CatalogObject view : dependentsFirst) {
            statements.add("DROP " + (isMaterialized(view) ? "MATERIALIZED VIEW " : "VIEW ") + qualified(view.name()));
        }
        for (CatalogObject target : changed(ObjectType.FUNCTION)) {
            CatalogObject function = Objects.requireNonNull(from.get(key(target)));
            if (!Objects.equals(target.attributes().get("result"), function.attributes().get("result"))
                    || !Objects.equals(target.attributes().get("kind"), function.attributes().get("kind"))) {
                if (function.attributes().get("definition") == null) {
                    todo(function, "a " + function.attributes().get("kind") + " is not dropped here");
                    continue;
                }
                statements.add("DROP " + routine(function) + " " + function(function.name()));
                todos.add(function.name() + ": its result or kind changes, so it is dropped and created again; drop "
                        + "first what uses it (a default, a constraint, a view) and create that again after it");
            }
        }
        List<CatalogObject> constraints = new ArrayList<>(from.values().stream()
                .filter(object -> object.type() == ObjectType.CONSTRAINT)
                .filter(constraint -> !to.containsKey(key(constraint)) || changedObject(constraint)).toList());
        constraints.sort(Comparator.comparing(constraint -> isForeignKey(constraint) ? 0 : 1));
        for (CatalogObject constraint : constraints) {
            if (stays(Objects.requireNonNull(constraint.parent())) || isForeignKey(constraint)) {
                statements.add("ALTER TABLE " + qualified(constraint.parent()) + " DROP CONSTRAINT "
                        + TableName.quote(childName(constraint)));
            }
        }
        for (CatalogObject column : removed(ObjectType.COLUMN)) {
            if (stays(Objects.requireNonNull(column.parent()))) {
                statements.add("ALTER TABLE " + qualified(column.parent()) + " DROP COLUMN " + TableName.quote(childName(column)));
                todos.add(column.name() + ": dropped with its data; if it was renamed, write ALTER TABLE ... RENAME "
                        + "COLUMN instead of the DROP and ADD");
            }
        }
        for (CatalogObject table : removed(ObjectType.TABLE)) {
            statements.add("DROP TABLE " + qualified(table.name()));
            todos.add(table.name() + ": dropped with its rows; if it was renamed, write ALTER TABLE ... RENAME TO "
                    + "instead of the DROP and CREATE");
        }
    }

    private void tables() {
        for (CatalogObject table : added(ObjectType.TABLE)) {
            Map<String, String> a = table.attributes();
            if (!"table".equals(a.get("kind")) || a.get("partition_bound") != null || a.get("inherits") != null) {
                todo(table, "a " + a.get("kind") + (a.get("inherits") != null ? " with inheritance" : "")
                        + " is not written");
                continue;
            }
            List<String> columns = to.values().stream().filter(object -> object.type() == ObjectType.COLUMN)
                    .filter(column -> table.name().equals(column.parent()))
                    .map(column -> TableName.quote(childName(column)) + " " + columnDefinition(column)).toList();
            statements.add("CREATE " + ("unlogged".equals(a.get("persistence")) ? "UNLOGGED " : "") + "TABLE "
                    + qualified(table.name()) + " (" + String.join(", ", columns) + ")");
            if ("true".equals(a.get("row_security"))) {
                statements.add("ALTER TABLE " + qualified(table.name()) + " ENABLE ROW LEVEL SECURITY");
            }
        }
        for (CatalogObject table : changed(ObjectType.TABLE)) {
            CatalogObject old = Objects.requireNonNull(from.get(key(table)));
            for (String attribute : List.of("kind", "persistence", "partition_key", "partition_bound", "inherits")) {
                if (!Objects.equals(old.attributes().get(attribute), table.attributes().get(attribute))) {
                    todo(table, "the table's " + attribute.replace('_', ' ') + " changed");
                }
            }
            if (!Objects.equals(old.attributes().get("row_security"), table.attributes().get("row_security"))) {
                statements.add("ALTER TABLE " + qualified(table.name()) + ("true".equals(table.attributes().get("row_security"))
                        ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY");
            }
        }
    }

    private void columns() {
        for (CatalogObject column : added(ObjectType.COLUMN)) {
            String table = Objects.requireNonNull(column.parent());
            if (!from.containsKey(new Key(ObjectType.TABLE, table).text())) {
                continue;
            }
            statements.add("ALTER TABLE " + qualified(table) + " ADD COLUMN " + TableName.quote(childName(column)) + " "
                    + columnDefinition(column));
            if ("true".equals(column.attributes().get("not_null")) && column.attributes().get("default") == null
                    && column.attributes().get("identity") == null && column.attributes().get("generated") == null) {
                todos.add(column.name() + ": a new NOT NULL column without a default fails on a table with rows: add it "
                        + "nullable, backfill it, then SET NOT NULL");
            }
        }
        for (CatalogObject column : changed(ObjectType.COLUMN)) {
            CatalogObject old = Objects.requireNonNull(from.get(key(column)));
            String alter = "ALTER TABLE " + qualified(Objects.requireNonNull(column.parent())) + " ALTER COLUMN "
                    + TableName.quote(childName(column));
            String type = column.attributes().get("type");
            if (!Objects.equals(old.attributes().get("type"), type)) {
                statements.add(alter + " TYPE " + type);
                todos.add(column.name() + ": its type changes from " + old.attributes().get("type") + " to " + type
                        + "; add USING ... if the values need converting, and mind that it rewrites the table");
            }
            String defaultValue = column.attributes().get("default");
            if (!Objects.equals(old.attributes().get("default"), defaultValue)) {
                statements.add(alter + ((defaultValue != null) ? " SET DEFAULT " + defaultValue : " DROP DEFAULT"));
            }
            String notNull = column.attributes().get("not_null");
            if (!Objects.equals(old.attributes().get("not_null"), notNull)) {
                statements.add(alter + ("true".equals(notNull) ? " SET NOT NULL" : " DROP NOT NULL"));
            }
            for (String attribute : List.of("identity", "generated", "collation")) {
                if (!Objects.equals(old.attributes().get(attribute), column.attributes().get(attribute))) {
                    todo(column, "the column's " + attribute + " changed");
                }
            }
        }
    }

    private static String columnDefinition(CatalogObject column) {
        Map<String, String> a = column.attributes();
        return a.get("type")
                + ((a.get("collation") != null) ? " COLLATE " + a.get("collation") : "")
                + ((a.get("identity") != null) ? " GENERATED " + a.get("identity").toUpperCase(java.util.Locale.ROOT)
                        + " AS IDENTITY" : "")
                + ((a.get("generated") != null) ? " GENERATED ALWAYS AS (" + a.get("generated") + ") STORED" : "")
                + ((a.get("default") != null) ? " DEFAULT " + a.get("default") : "")
                + ("true".equals(a.get("not_null")) ? " NOT NULL" : "");
    }

    private void functions() {
        for (CatalogObject function : addedOrChanged(ObjectType.FUNCTION)) {
            String definition = function.attributes().get("definition");
            if (definition == null) {
                todo(function, "a " + function.attributes().get("kind") + " is not written");
                continue;
            }
            statements.add(definition.strip());
        }
    }

    private void constraints() {
        List<CatalogObject> constraints = new ArrayList<>(addedOrChanged(ObjectType.CONSTRAINT));
        constraints.sort(Comparator.comparing(constraint -> isForeignKey(constraint) ? 1 : 0));
        for (CatalogObject constraint : constraints) {
            statements.add("ALTER TABLE " + qualified(Objects.requireNonNull(constraint.parent())) + " ADD CONSTRAINT "
                    + TableName.quote(childName(constraint)) + " " + attribute(constraint, "definition"));
        }
    }

    private void views() {
        List<CatalogObject> created = select(to, ObjectType.VIEW,
                view -> !from.containsKey(key(view)) || recreatedViews.contains(view.name()));
        for (CatalogObject view : dependencyOrder(created)) {
            String definition = attribute(view, "definition").strip();
            if (definition.endsWith(";")) {
                definition = definition.substring(0, definition.length() - 1);
            }
            statements.add("CREATE " + (isMaterialized(view) ? "MATERIALIZED VIEW " : "VIEW ") + qualified(view.name())
                    + " AS " + definition);
        }
        // what hangs on a view goes when it is dropped: its indexes and triggers come back with it
        for (CatalogObject index : select(to, ObjectType.INDEX, index -> recreatedViews.contains(attribute(index, "table"))
                && from.containsKey(key(index)) && !changedObject(index))) {
            statements.add(attribute(index, "definition"));
        }
        statements.addAll(viewIndexes);
    }

    private void triggers() {
        select(to, ObjectType.TRIGGER, trigger -> !from.containsKey(key(trigger)) || changedObject(trigger)
                || recreatedViews.contains(trigger.parent()))
                .forEach(trigger -> statements.add(attribute(trigger, "definition")));
    }

    /** Views before the views that use them (by name in their definitions, which the catalog writes qualified). */
    private static List<CatalogObject> dependencyOrder(List<CatalogObject> views) {
        List<CatalogObject> ordered = new ArrayList<>();
        List<CatalogObject> left = new ArrayList<>(views);
        while (!left.isEmpty()) {
            CatalogObject next = left.stream().filter(view -> left.stream()
                    .noneMatch(other -> other != view && uses(view, other.name()))).findFirst().orElse(left.get(0));
            ordered.add(next);
            left.remove(next);
        }
        return ordered;
    }

    /** Whether a view's definition names a relation, as the catalog writes it (qualified, quoted when needed). */
    private static boolean uses(CatalogObject view, String relation) {
        String definition = view.attributes().getOrDefault("definition", "");
        int dot = relation.indexOf('.');
        String schema = relation.substring(0, dot);
        String name = relation.substring(dot + 1);
        for (String schemaForm : List.of(schema, TableName.quote(schema))) {
            for (String nameForm : List.of(name, TableName.quote(name))) {
                if (java.util.regex.Pattern.compile("(?<![\\w\".])" + java.util.regex.Pattern.quote(schemaForm + "."
                        + nameForm) + "(?![\\w\"])").matcher(definition).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private void comments() {
        for (ObjectType type : List.of(ObjectType.TABLE, ObjectType.COLUMN, ObjectType.VIEW, ObjectType.FUNCTION)) {
            for (CatalogObject object : to.values().stream().filter(object -> object.type() == type).toList()) {
                CatalogObject old = from.get(key(object));
                String comment = object.attributes().get("comment");
                boolean recreated = old == null || (type != ObjectType.COLUMN && type != ObjectType.TABLE
                        && changedObject(object)) || (type == ObjectType.VIEW && recreatedViews.contains(object.name()));
                String before = (recreated || old == null) ? null : old.attributes().get("comment");
                if (!Objects.equals(before, comment)) {
                    statements.add("COMMENT ON " + commentTarget(object) + " IS "
                            + ((comment != null) ? TableName.literal(comment) : "NULL"));
                }
            }
        }
    }

    private String commentTarget(CatalogObject object) {
        return switch (object.type()) {
            case TABLE -> "TABLE " + qualified(object.name());
            case COLUMN -> "COLUMN " + qualified(Objects.requireNonNull(object.parent())) + "." + TableName.quote(childName(object));
            case VIEW -> (isMaterialized(object) ? "MATERIALIZED VIEW " : "VIEW ") + qualified(object.name());
            default -> routine(object) + " " + function(object.name());
        };
    }

    /**
     * An index on a table both schemas have goes to the index script, built and dropped {@code CONCURRENTLY} (the
     * table may hold rows and serve queries); one on a new table is created in the main script after its table, and
     * one on a table that goes away goes with it.
     */
    private void indexes() {
        for (CatalogObject index : removedOrChanged(ObjectType.INDEX)) {
            if (onTableOfBoth(index) && !recreatedViews.contains(attribute(index, "table"))) {
                indexStatements.add("DROP INDEX CONCURRENTLY IF EXISTS " + qualified(index.name()));
            }
        }
        for (CatalogObject index : addedOrChanged(ObjectType.INDEX)) {
            String definition = attribute(index, "definition");
            String table = attribute(index, "table");
            if (recreatedViews.contains(table) || (to.containsKey(new Key(ObjectType.VIEW, table).text())
                    && !from.containsKey(new Key(ObjectType.VIEW, table).text()))) {
                // on a view created (again) below: after it
                viewIndexes.add(definition);
            }
            else if (onTableOfBoth(index)) {
                indexStatements.add(definition.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY "));
            }
            else {
                statements.add(definition);
            }
        }
    }

    private boolean onTableOfBoth(CatalogObject index) {
        String table = attribute(index, "table");
        return from.containsKey(new Key(ObjectType.TABLE, table).text()) && to.containsKey(new Key(ObjectType.TABLE, table).text())
                || from.containsKey(new Key(ObjectType.VIEW, table).text()) && to.containsKey(new Key(ObjectType.VIEW, table).text());
    }

    // --- the sets of objects ----------------------------------------------------------------------------------

    private List<CatalogObject> added(ObjectType type) {
        return select(to, type, object -> !from.containsKey(key(object)));
    }

    private List<CatalogObject> removed(ObjectType type) {
        return select(from, type, object -> !to.containsKey(key(object)));
    }

    private List<CatalogObject> changed(ObjectType type) {
        return select(to, type, object -> from.containsKey(key(object)) && changedObject(object));
    }

    private List<CatalogObject> addedOrChanged(ObjectType type) {
        return select(to, type, object -> !from.containsKey(key(object)) || changedObject(object));
    }

    private List<CatalogObject> removedOrChanged(ObjectType type) {
        return select(from, type, object -> !to.containsKey(key(object)) || changedObject(object));
    }

    /** Whether the object differs between the two schemas in anything but its comment. */
    private boolean changedObject(CatalogObject object) {
        CatalogObject a = from.get(key(object));
        CatalogObject b = to.get(key(object));
        if (a == null || b == null) {
            return false;
        }
        Map<String, String> left = new LinkedHashMap<>(a.attributes());
        Map<String, String> right = new LinkedHashMap<>(b.attributes());
        left.remove("comment");
        right.remove("comment");
        return !left.equals(right);
    }

    private static List<CatalogObject> select(Map<String, CatalogObject> objects, ObjectType type,
            Predicate<CatalogObject> filter) {
        return objects.values().stream().filter(object -> object.type() == type).filter(filter).toList();
    }

    private boolean stays(String table) {
        String key = new Key(ObjectType.TABLE, table).text();
        return to.containsKey(key) || to.containsKey(new Key(ObjectType.VIEW, table).text());
    }

    private void todo(CatalogObject object, String what) {
        todos.add(object.type().value() + " " + object.name() + ": " + what + "; write it by hand");
    }

    /** A qualified name whose schema and own name cannot be told apart: one of them holds a dot. */
    private static boolean ambiguousName(CatalogObject object) {
        String qualified = switch (object.type()) {
            case SCHEMA, EXTENSION -> null;
            case COLUMN, CONSTRAINT, TRIGGER -> object.parent();
            case FUNCTION -> object.name().substring(0, object.name().indexOf('('));
            default -> object.name();
        };
        return qualified != null && qualified.chars().filter(c -> c == '.').count() != 1;
    }

    private static Map<String, CatalogObject> index(SchemaSnapshot snapshot) {
        Map<String, CatalogObject> objects = new LinkedHashMap<>();
        snapshot.objects().forEach(object -> objects.put(key(object), object));
        return objects;
    }

    private record Key(ObjectType type, String name) {

        String text() {
            return type + " " + name;
        }
    }

    private static String key(CatalogObject object) {
        return new Key(object.type(), object.name()).text();
    }

    // --- SQL text -------------------------------------------------------------------------------------------------

    private static String attribute(CatalogObject object, String name) {
        return Objects.requireNonNull(object.attributes().get(name), () -> object.name() + " has no " + name);
    }

    private static boolean isForeignKey(CatalogObject constraint) {
        return "foreign key".equals(constraint.attributes().get("type"));
    }

    private static boolean isMaterialized(CatalogObject view) {
        return "materialized view".equals(view.attributes().get("kind"));
    }

    private static boolean isDomain(CatalogObject type) {
        return "domain".equals(type.attributes().get("kind"));
    }

    private static String routine(CatalogObject function) {
        return "procedure".equals(function.attributes().get("kind")) ? "PROCEDURE" : "FUNCTION";
    }

    /** {@code schema.name(arguments)} as SQL: the name quoted, the arguments as the catalog wrote them. */
    private static String function(String name) {
        int open = name.indexOf('(');
        return qualified(name.substring(0, open)) + name.substring(open);
    }

    /** The column, constraint or trigger name: the object's name after its table's. */
    private static String childName(CatalogObject object) {
        return object.name().substring(Objects.requireNonNull(object.parent()).length() + 1);
    }

    /** {@code schema.name} as SQL, each part quoted. */
    static String qualified(@Nullable String name) {
        String text = Objects.requireNonNull(name);
        int dot = text.indexOf('.');
        return TableName.quote(text.substring(0, dot)) + "." + TableName.quote(text.substring(dot + 1));
    }


}
