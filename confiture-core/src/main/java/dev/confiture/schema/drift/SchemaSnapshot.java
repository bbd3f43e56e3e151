package dev.confiture.schema.drift;

import dev.confiture.schema.DatabaseContents;
import dev.confiture.tracking.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The schema of a database as read from {@code pg_catalog}: schemas, extensions, types, tables, columns
 * (type, default, nullability, identity, generation, collation), constraints, indexes, views, sequences,
 * functions and triggers, outside PostgreSQL's own schemas. Objects that belong to an extension are left
 * out (the extension itself is compared), and so are Confiture's tracking and event tables with everything
 * on them. Ownership, privileges, comments, statistics and column order are not compared.
 *
 * <p>The catalog is read in one read-only transaction with {@code search_path} set to {@code pg_catalog}, so
 * every name outside {@code pg_catalog} (in types, defaults and definitions) is schema-qualified the same way
 * whichever database and connection settings it comes from.
 *
 * @param objects the objects, in catalog order per type
 */
record SchemaSnapshot(List<CatalogObject> objects) {

    /**
     * @param objects the objects (copied)
     */
    public SchemaSnapshot {
        objects = List.copyOf(objects);
    }

    /**
     * Reads a database's schema.
     * @param connection a connection to it, in autocommit mode (left so)
     * @param excluded Confiture's own tables, left out with their columns, constraints, indexes and triggers; a
     * schema that holds nothing but them is left out too
     * @return the snapshot
     * @throws SQLException if the server refuses
     */
    public static SchemaSnapshot read(Connection connection, List<TableName> excluded) throws SQLException {
        return read(connection, excluded, false);
    }

    /**
     * Reads a database's schema, with the comments of tables, columns, views and functions as their attribute
     * {@code comment} when asked (drift does not compare comments; a generated migration writes them).
     * @param connection a connection to it, in autocommit mode (left so)
     * @param excluded Confiture's own tables, left out
     * @param comments whether to read comments
     * @return the snapshot
     * @throws SQLException if the server refuses
     */
    static SchemaSnapshot read(Connection connection, List<TableName> excluded, boolean comments) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION READ ONLY");
                statement.execute("SET LOCAL search_path TO pg_catalog");
            }
            return new Reader(connection, excluded, comments).read();
        }
        finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * @param type a kind of object
     * @return the objects of that kind
     */
    public List<CatalogObject> objects(ObjectType type) {
        return objects.stream().filter(object -> object.type() == type).toList();
    }

    private static final class Reader {

        private static final String USER = DatabaseContents.USER_SCHEMA;

        private final Connection connection;

        private final List<TableName> excluded;

        private final List<CatalogObject> objects = new ArrayList<>();

        private final boolean comments;

        Reader(Connection connection, List<TableName> excluded, boolean comments) {
            this.connection = connection;
            this.excluded = excluded;
            this.comments = comments;
        }

        private String comment(String expression) {
            return comments ? expression : "NULL::text";
        }

        SchemaSnapshot read() throws SQLException {
            schemas();
            extensions();
            types();
            tables();
            columns();
            constraints();
            indexes();
            views();
            sequences();
            functions();
            triggers();
            return new SchemaSnapshot(dropSchemasOfConfitureTablesOnly());
        }

        private void schemas() throws SQLException {
            query("SELECT n.nspname FROM pg_namespace n WHERE " + USER + " AND " + notExtensionMember("pg_namespace", "n.oid")
                    + " ORDER BY 1", false, row -> add(ObjectType.SCHEMA, row.text(1), null, "schema", Map.of()));
        }

        private void extensions() throws SQLException {
            query("SELECT e.extname, n.nspname, e.extversion FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                    + "ORDER BY 1", false, row -> add(ObjectType.EXTENSION, row.text(1), null,
                            row.text(1) + " " + row.text(3) + " in schema " + row.text(2),
                            attributes("schema", row.text(2), "version", row.text(3))));
        }

        private void types() throws SQLException {
            query("SELECT n.nspname || '.' || t.typname, CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' "
                    + "WHEN 'r' THEN 'range' ELSE 'composite' END, "
                    + "CASE t.typtype WHEN 'e' THEN (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) "
                    + "FROM pg_enum e WHERE e.enumtypid = t.oid) "
                    + "WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod) "
                    + "WHEN 'r' THEN (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid) "
                    + "ELSE (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' "
                    + "ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END, "
                    + "CASE WHEN t.typtype = 'd' THEN t.typnotnull::text END, "
                    + "CASE WHEN t.typtype = 'd' THEN t.typdefault END, "
                    + "CASE WHEN t.typtype = 'd' THEN (SELECT string_agg(pg_get_constraintdef(k.oid), ' ' ORDER BY k.conname) "
                    + "FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c') END "
                    + "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " + USER + " AND "
                    + notExtensionMember("pg_type", "t.oid") + " AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND "
                    + "(SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')) ORDER BY 1", false,
                    row -> add(ObjectType.TYPE, row.text(1), null, row.text(2) + " " + row.text(3), attributes("kind", row.text(2),
                            "definition", row.text(3), "not_null", row.text(4), "default", row.text(5), "constraints", row.text(6))));
        }

        private void tables() throws SQLException {
            query("SELECT n.nspname || '.' || c.relname, CASE c.relkind WHEN 'p' THEN 'partitioned table' "
                    + "WHEN 'f' THEN 'foreign table' ELSE 'table' END, "
                    + "CASE c.relpersistence WHEN 'u' THEN 'unlogged' ELSE 'permanent' END, "
                    + "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, "
                    + "CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END, "
                    + "(SELECT string_agg(pn.nspname || '.' || p.relname, ', ' ORDER BY i.inhseqno) FROM pg_inherits i "
                    + "JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace "
                    + "WHERE i.inhrelid = c.oid), c.relrowsecurity::text, " + comment("obj_description(c.oid, 'pg_class')")
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'f') AND "
                    + USER + " AND " + notExtensionMember("pg_class", "c.oid") + notConfiture("n.nspname", "c.relname")
                    + " ORDER BY 1", true, row -> add(ObjectType.TABLE, row.text(1), null, row.text(2),
                            attributes("kind", row.text(2), "persistence", row.text(3), "partition_key", row.text(4),
                                    "partition_bound", row.text(5), "inherits", row.text(6), "row_security", row.text(7),
                                    "comment", row.text(8))));
        }

        private void columns() throws SQLException {
            query("SELECT n.nspname || '.' || c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text, "
                    + "CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END, "
                    + "CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END, "
                    + "CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END, "
                    + "CASE WHEN a.attcollation <> t.typcollation THEN (SELECT cn.nspname || '.' || quote_ident(co.collname) "
                    + "FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END, "
                    + comment("col_description(c.oid, a.attnum)") + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "JOIN pg_type t ON t.oid = a.atttypid "
                    + "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
                    + "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f') AND " + USER + " AND "
                    + notExtensionMember("pg_class", "c.oid") + notConfiture("n.nspname", "c.relname") + " ORDER BY 1, 2", true,
                    row -> {
                        String type = row.text(3);
                        boolean notNull = "true".equals(row.text(4));
                        String summary = type + (notNull ? " NOT NULL" : "")
                                + ((row.text(5) != null) ? " DEFAULT " + row.text(5) : "")
                                + ((row.text(6) != null) ? " GENERATED ALWAYS AS (" + row.text(6) + ") STORED" : "")
                                + ((row.text(7) != null) ? " GENERATED " + row.text(7).toUpperCase(java.util.Locale.ROOT)
                                        + " AS IDENTITY" : "")
                                + ((row.text(8) != null) ? " COLLATE " + row.text(8) : "");
                        add(ObjectType.COLUMN, row.text(1) + "." + row.text(2), row.text(1), summary, attributes("type", type,
                                "not_null", row.text(4), "default", row.text(5), "generated", row.text(6), "identity", row.text(7),
                                "collation", row.text(8), "comment", row.text(9)));
                    });
        }

        private void constraints() throws SQLException {
            query("SELECT n.nspname || '.' || c.relname, k.conname, CASE k.contype WHEN 'p' THEN 'primary key' "
                    + "WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key' WHEN 'c' THEN 'check' ELSE 'exclusion' END, "
                    + "pg_get_constraintdef(k.oid) "
                    + "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND " + USER + " AND " + notExtensionMember("pg_class", "c.oid")
                    + notConfiture("n.nspname", "c.relname") + " ORDER BY 1, 2", true,
                    row -> add(ObjectType.CONSTRAINT, row.text(1) + "." + row.text(2), row.text(1), row.text(4),
                            attributes("type", row.text(3), "definition", row.text(4))));
        }

        private void indexes() throws SQLException {
            query("SELECT n.nspname || '.' || i.relname, tn.nspname || '.' || c.relname, pg_get_indexdef(x.indexrelid), "
                    + "x.indisvalid::text "
                    + "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace "
                    + "JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = c.relnamespace "
                    + "WHERE " + USER + " AND " + notExtensionMember("pg_class", "c.oid") + notConfiture("tn.nspname", "c.relname")
                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid "
                    + "AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')) ORDER BY 1", true,
                    row -> add(ObjectType.INDEX, row.text(1), row.text(2), row.text(3),
                            attributes("table", row.text(2), "definition", row.text(3), "valid", row.text(4))));
        }

        private void views() throws SQLException {
            query("SELECT n.nspname || '.' || c.relname, CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END, "
                    + "pg_get_viewdef(c.oid, true), " + comment("obj_description(c.oid, 'pg_class')")
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE c.relkind IN ('v', 'm') AND " + USER + " AND " + notExtensionMember("pg_class", "c.oid")
                    + " ORDER BY 1", false, row -> add(ObjectType.VIEW, row.text(1), null, row.text(2),
                            attributes("kind", row.text(2), "definition", row.text(3), "comment", row.text(4))));
        }

        private void sequences() throws SQLException {
            query("SELECT n.nspname || '.' || c.relname, format_type(s.seqtypid, NULL), s.seqstart::text, "
                    + "s.seqincrement::text, s.seqmin::text, s.seqmax::text, s.seqcache::text, s.seqcycle::text, "
                    + "(SELECT tn.nspname || '.' || t.relname || '.' || a.attname FROM pg_depend d "
                    + "JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace "
                    + "JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
                    + "WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass "
                    + "AND d.deptype = 'a' LIMIT 1) "
                    + "FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE c.relkind = 'S' AND " + USER + " AND " + notExtensionMember("pg_class", "c.oid")
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
                    + "AND d.deptype = 'i') ORDER BY 1", false,
                    row -> add(ObjectType.SEQUENCE, row.text(1), null, row.text(2) + " sequence"
                            + ((row.text(9) != null) ? " owned by " + row.text(9) : ""),
                            attributes("type", row.text(2), "start", row.text(3), "increment", row.text(4), "min", row.text(5),
                                    "max", row.text(6), "cache", row.text(7), "cycle", row.text(8), "owned_by", row.text(9))));
        }

        private void functions() throws SQLException {
            query("SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', "
                    + "CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' "
                    + "ELSE 'function' END, pg_get_function_result(p.oid), l.lanname, "
                    + "CASE WHEN p.prokind IN ('f', 'p', 'w') AND l.lanname <> 'internal' THEN pg_get_functiondef(p.oid) END, "
                    + comment("obj_description(p.oid, 'pg_proc')") + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang "
                    + "WHERE " + USER + " AND " + notExtensionMember("pg_proc", "p.oid") + " ORDER BY 1", false,
                    row -> add(ObjectType.FUNCTION, row.text(1), null, row.text(2)
                            + ((row.text(3) != null) ? " returning " + row.text(3) : "") + " in " + row.text(4),
                            attributes("kind", row.text(2), "result", row.text(3), "language", row.text(4),
                                    "definition", row.text(5), "comment", row.text(6))));
        }

        private void triggers() throws SQLException {
            query("SELECT n.nspname || '.' || c.relname, t.tgname, pg_get_triggerdef(t.oid, true), t.tgenabled::text "
                    + "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE NOT t.tgisinternal AND " + USER + " AND " + notExtensionMember("pg_class", "c.oid")
                    + notConfiture("n.nspname", "c.relname") + " ORDER BY 1, 2", true,
                    row -> add(ObjectType.TRIGGER, row.text(1) + "." + row.text(2), row.text(1), row.text(3),
                            attributes("definition", row.text(3), "enabled", row.text(4))));
        }

        /** A schema Confiture created for its own tables only (a custom tracking schema) is not the user's. */
        private List<CatalogObject> dropSchemasOfConfitureTablesOnly() {
            List<CatalogObject> kept = new ArrayList<>();
            for (CatalogObject object : objects) {
                if (object.type() == ObjectType.SCHEMA && excluded.stream().anyMatch(table -> table.schema().equals(object.name()))
                        && !object.name().equals("public") && objects.stream().noneMatch(other -> other.type() != ObjectType.SCHEMA
                                && other.type() != ObjectType.EXTENSION && other.name().startsWith(object.name() + "."))) {
                    continue;
                }
                kept.add(object);
            }
            return kept;
        }

        /** Catalog names are never null; a summary the catalog cannot give (no privilege on a view) is empty. */
        private void add(ObjectType type, @Nullable String name, @Nullable String parent, @Nullable String summary,
                Map<String, String> attributes) {
            objects.add(new CatalogObject(type, java.util.Objects.requireNonNull(name, "catalog name"), parent,
                    (summary != null) ? summary : "", attributes));
        }

        private static Map<String, String> attributes(@Nullable String... pairs) {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                if (pairs[i] != null && pairs[i + 1] != null) {
                    map.put(pairs[i], pairs[i + 1]);
                }
            }
            return map;
        }

        private static String notExtensionMember(String catalog, String oid) {
            return "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '" + catalog + "'::regclass AND d.objid = " + oid
                    + " AND d.deptype = 'e')";
        }

        private String notConfiture(String schema, String table) {
            if (excluded.isEmpty()) {
                return "";
            }
            return " AND (" + schema + ", " + table + ") NOT IN (" + String.join(", ",
                    excluded.stream().map(name -> "(?::name, ?::name)").toList()) + ")";
        }

        private void query(String sql, boolean bindsExcluded, RowHandler handler) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (bindsExcluded) {
                    int index = 1;
                    for (TableName table : excluded) {
                        statement.setString(index++, table.schema());
                        statement.setString(index++, table.table());
                    }
                }
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        handler.handle(new Row(result));
                    }
                }
            }
        }
    }

    @FunctionalInterface
    private interface RowHandler {

        void handle(Row row) throws SQLException;
    }

    private record Row(ResultSet result) {

        @Nullable String text(int column) throws SQLException {
            return result.getString(column);
        }
    }
}
