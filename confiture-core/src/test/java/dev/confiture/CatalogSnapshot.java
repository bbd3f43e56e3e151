package dev.confiture;

import dev.confiture.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;

/**
 * The user-visible schema of a database, read from the catalog: tables, columns (type, nullability,
 * default), indexes, constraints and functions, outside PostgreSQL's own schemas and Confiture's
 * tracking tables. Two equal snapshots mean the schema is the same.
 */
final class CatalogSnapshot {

    private static final String USER_SCHEMAS = "NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";

    private CatalogSnapshot() {
    }

    static List<String> of(TestDatabase database) {
        List<String> lines = new ArrayList<>();
        lines.addAll(Sql.column(database, "SELECT 'table ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname " + USER_SCHEMAS
                + " AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relname NOT LIKE 'tb_confiture%' ORDER BY 1"));
        lines.addAll(Sql.column(database, "SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name "
                + "|| ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-') "
                + "FROM information_schema.columns WHERE table_schema " + USER_SCHEMAS
                + " AND table_name NOT LIKE 'tb_confiture%' ORDER BY 1"));
        lines.addAll(Sql.column(database, "SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname " + USER_SCHEMAS
                + " AND tablename NOT LIKE 'tb_confiture%' ORDER BY 1"));
        lines.addAll(Sql.column(database, "SELECT 'constraint ' || c.conrelid::regclass || ' ' || c.conname || ' ' "
                + "|| pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                + "WHERE n.nspname " + USER_SCHEMAS + " AND c.conrelid::regclass::text NOT LIKE 'tb_confiture%' ORDER BY 1"));
        lines.addAll(Sql.column(database, "SELECT 'function ' || n.nspname || '.' || p.proname || '(' "
                + "|| pg_get_function_identity_arguments(p.oid) || ') ' || md5(pg_get_functiondef(p.oid)) "
                + "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname " + USER_SCHEMAS
                + " AND p.prokind IN ('f', 'p') ORDER BY 1"));
        return lines;
    }
}
