package dev.confiture.schema;

import dev.confiture.tracking.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes a database "not empty" for build from DDL: a table, partitioned table, view, materialized
 * view or foreign table in a schema other than PostgreSQL's own ({@code pg_catalog},
 * {@code information_schema}, {@code pg_toast}, temporary schemas). Objects that belong to an extension
 * (such as PostGIS's {@code spatial_ref_sys}) and Confiture's own tracking and event tables do not count.
 */
public final class DatabaseContents {

    /** The condition on a namespace alias {@code n} that keeps user schemas only. */
    public static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

    private DatabaseContents() {
    }

    /**
     * @param connection a connection to the database
     * @param excluded Confiture's own tables, which do not count
     * @param limit the most names to return
     * @return qualified names of the user relations, sorted; empty for an empty database
     * @throws SQLException if the server refuses
     */
    public static List<String> userRelations(Connection connection, List<TableName> excluded, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT n.nspname || '.' || c.relname FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ")
                .append(USER_SCHEMA)
                .append(" AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
                        + "AND d.objid = c.oid AND d.deptype = 'e')");
        for (int i = 0; i < excluded.size(); i++) {
            sql.append(" AND NOT (n.nspname = ? AND c.relname = ?)");
        }
        sql.append(" ORDER BY 1 LIMIT ?");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int index = 1;
            for (TableName table : excluded) {
                statement.setString(index++, table.schema());
                statement.setString(index++, table.table());
            }
            statement.setInt(index, limit);
            List<String> names = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    names.add(result.getString(1));
                }
            }
            return names;
        }
    }
}
