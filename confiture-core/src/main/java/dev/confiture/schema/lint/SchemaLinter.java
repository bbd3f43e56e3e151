package dev.confiture.schema.lint;

import dev.confiture.config.LintRule;
import dev.confiture.schema.DatabaseContents;
import dev.confiture.tracking.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Runs the lint rules against a database's catalog: every user schema, without extension members and
 * without Confiture's own tables. Partitions are not checked on their own (their partitioned table is).
 */
public final class SchemaLinter {

    private final Set<String> disabled;

    private final List<TableName> excluded;

    /**
     * @param disabled ids of the rules switched off
     * @param excluded tables that are never checked (Confiture's tracking and event tables)
     */
    public SchemaLinter(Set<String> disabled, List<TableName> excluded) {
        this.disabled = Set.copyOf(disabled);
        this.excluded = List.copyOf(excluded);
    }

    /**
     * @param connection a connection to the built schema (may be inside the transaction that built it)
     * @return the findings
     * @throws SQLException if the server refuses
     */
    public LintReport lint(Connection connection) throws SQLException {
        List<LintFinding> findings = new ArrayList<>();
        if (enabled(LintRule.TRINITY_ID_UUID) || enabled(LintRule.TRINITY_PK_IDENTITY)) {
            trinityTables(connection, findings);
        }
        if (enabled(LintRule.VIEW_PREFIX)) {
            views(connection, findings);
        }
        if (enabled(LintRule.FK_REFERENCES_PK)) {
            foreignKeys(connection, findings);
        }
        findings.sort(Comparator.comparing((LintFinding finding) -> finding.rule().ordinal())
                .thenComparing(LintFinding::object));
        List<String> checked = LintRule.ids().stream().filter(id -> !disabled.contains(id)).toList();
        List<String> off = LintRule.ids().stream().filter(disabled::contains).toList();
        return new LintReport(findings, checked, off);
    }

    private boolean enabled(LintRule rule) {
        return !disabled.contains(rule.id());
    }

    private void trinityTables(Connection connection, List<LintFinding> findings) throws SQLException {
        String column = "FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ";
        String sql = "SELECT n.nspname, c.relname, "
                + "(SELECT format_type(a.atttypid, a.atttypmod) " + column + "'id'), "
                + "(SELECT format_type(a.atttypid, a.atttypmod) " + column + "'pk_' || substr(c.relname, 4)), "
                + "(SELECT a.attidentity::text " + column + "'pk_' || substr(c.relname, 4)) "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname LIKE 'tb\\_%' AND "
                + DatabaseContents.USER_SCHEMA + notExtensionMember() + notExcluded() + " ORDER BY 1, 2";
        try (PreparedStatement statement = prepare(connection, sql); ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                String table = result.getString(1) + "." + result.getString(2);
                String entity = result.getString(2).substring(3);
                String idType = result.getString(3);
                String pkType = result.getString(4);
                String identity = result.getString(5);
                if (enabled(LintRule.TRINITY_ID_UUID)) {
                    if (idType == null) {
                        findings.add(finding(LintRule.TRINITY_ID_UUID, table, "Table " + table + " has no column id UUID",
                                "Add id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE to " + table));
                    }
                    else if (!idType.equals("uuid")) {
                        findings.add(finding(LintRule.TRINITY_ID_UUID, table + ".id", "Column " + table + ".id is "
                                + idType + ", not uuid", "Make " + table + ".id a UUID (id UUID NOT NULL DEFAULT gen_random_uuid())"));
                    }
                }
                if (enabled(LintRule.TRINITY_PK_IDENTITY)) {
                    String pk = "pk_" + entity;
                    String fix = pk + " BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
                    if (pkType == null) {
                        findings.add(finding(LintRule.TRINITY_PK_IDENTITY, table, "Table " + table + " has no column "
                                + pk + " BIGINT identity", "Add " + fix + " to " + table));
                    }
                    else if (!pkType.equals("bigint")) {
                        findings.add(finding(LintRule.TRINITY_PK_IDENTITY, table + "." + pk, "Column " + table + "." + pk
                                + " is " + pkType + ", not bigint", "Declare it as " + fix));
                    }
                    else if (identity == null || identity.isEmpty()) {
                        findings.add(finding(LintRule.TRINITY_PK_IDENTITY, table + "." + pk, "Column " + table + "." + pk
                                + " is not an identity column", "Declare it as " + fix + " (not serial or a plain bigint)"));
                    }
                }
            }
        }
    }

    private void views(Connection connection, List<LintFinding> findings) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('v', 'm') AND c.relname NOT LIKE 'v\\_%' AND c.relname NOT LIKE 'tv\\_%' AND "
                + DatabaseContents.USER_SCHEMA + notExtensionMember() + " ORDER BY 1, 2";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                String view = result.getString(1) + "." + result.getString(2);
                String kind = result.getString(3).equals("m") ? "Materialized view " : "View ";
                findings.add(finding(LintRule.VIEW_PREFIX, view, kind + view + " is not named v_ or tv_",
                        "Rename it to v_" + result.getString(2) + " (or tv_ for a table view)"));
            }
        }
    }

    private void foreignKeys(Connection connection, List<LintFinding> findings) throws SQLException {
        String referenced = "FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord) "
                + "JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum";
        String sql = "SELECT n.nspname, c.relname, k.conname, rn.nspname || '.' || r.relname, "
                + "(SELECT string_agg(a.attname, ', ' ORDER BY u.ord) " + referenced + ") "
                + "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace "
                + "WHERE k.contype = 'f' AND k.conparentid = 0 AND " + DatabaseContents.USER_SCHEMA + notExtensionMember()
                + notExcluded() + " AND EXISTS (SELECT 1 " + referenced + " WHERE a.attname NOT LIKE 'pk\\_%') ORDER BY 1, 2, 3";
        try (PreparedStatement statement = prepare(connection, sql); ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                String table = result.getString(1) + "." + result.getString(2);
                String constraint = result.getString(3);
                String target = result.getString(4) + "(" + result.getString(5) + ")";
                findings.add(finding(LintRule.FK_REFERENCES_PK, table + "." + constraint, "Foreign key " + constraint + " of "
                        + table + " references " + target + ", not a pk_ column",
                        "Reference the pk_ column of " + result.getString(4) + " instead"));
            }
        }
    }

    private static LintFinding finding(LintRule rule, String object, String problem, String fix) {
        return new LintFinding(rule, rule.severity(), object, problem + " (rule " + rule.id() + ": " + rule.expectation() + ")",
                fix + ", or switch the rule off: disabledLintRules(\"" + rule.id() + "\")");
    }

    private static String notExtensionMember() {
        return " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
                + "AND d.deptype = 'e')";
    }

    private String notExcluded() {
        if (excluded.isEmpty()) {
            return "";
        }
        return " AND NOT (n.nspname, c.relname) IN (" + String.join(", ",
                excluded.stream().map(table -> "(?::name, ?::name)").toList()) + ")";
    }

    private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        int index = 1;
        for (TableName table : excluded) {
            statement.setString(index++, table.schema());
            statement.setString(index++, table.table());
        }
        return statement;
    }
}
