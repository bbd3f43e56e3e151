package dev.confiture;

import dev.confiture.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Small JDBC helpers for assertions against the test database.
 */
final class Sql {

    private Sql() {
    }

    static void execute(TestDatabase database, String sql) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
        }
    }

    static String scalar(TestDatabase database, String sql) {
        List<List<String>> rows = rows(database, sql);
        if (rows.size() != 1) {
            throw new IllegalStateException(sql + " returned " + rows.size() + " rows");
        }
        return rows.get(0).get(0);
    }

    static List<String> column(TestDatabase database, String sql) {
        return rows(database, sql).stream().map(row -> row.get(0)).toList();
    }

    static List<List<String>> rows(TestDatabase database, String sql) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
        }
    }

    static boolean tableExists(TestDatabase database, String qualifiedName) {
        return "t".equals(scalar(database, "SELECT to_regclass('" + qualifiedName.replace("'", "''") + "') IS NOT NULL"));
    }
}
