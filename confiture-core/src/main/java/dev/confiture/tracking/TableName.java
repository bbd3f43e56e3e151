package dev.confiture.tracking;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import java.nio.charset.StandardCharsets;

/**
 * A schema-qualified table name, quoted whenever it reaches SQL.
 *
 * @param schema the schema, as configured (case-sensitive)
 * @param table the table, as configured (case-sensitive)
 */
public record TableName(String schema, String table) {

    private static final int MAX_IDENTIFIER_BYTES = 63;

    /**
     * Checks both parts: PostgreSQL silently truncates identifiers longer than 63 bytes and cannot
     * store NUL, so such names are refused here rather than misbehaving later.
     */
    public TableName {
        check(schema, "schema", Setting.SCHEMA);
        check(table, "table", Setting.TABLE);
    }

    /**
     * @return the name as SQL, each part double-quoted, e.g. {@code "public"."tb_confiture"}
     */
    public String sql() {
        return quote(schema) + "." + quote(table);
    }

    /**
     * @return the name for people, e.g. {@code public.tb_confiture}
     */
    public String display() {
        return schema + "." + table;
    }

    /**
     * A name in the same schema.
     * @param otherTable the other table's name
     * @return the name
     */
    public TableName sibling(String otherTable) {
        return new TableName(schema, otherTable);
    }

    /**
     * Quotes an identifier: wraps it in double quotes and doubles the quotes inside.
     * @param identifier the identifier
     * @return the quoted identifier
     */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * @param text any text
     * @return it as an SQL string constant, {@code 'it''s'}, as PostgreSQL reads it with
     * {@code standard_conforming_strings} on (the default since 9.1)
     */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public String toString() {
        return display();
    }

    private static void check(String identifier, String what, Setting setting) {
        String property = setting.token();
        if (identifier.isEmpty()) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "The tracking " + what + " name is empty",
                    "Set " + property + " to a name, e.g. " + (what.equals("table") ? "tb_confiture" : "public"));
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION,
                    "The tracking " + what + " name contains a NUL character", "Remove it from " + property);
        }
        if (identifier.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "The tracking " + what + " name '"
                    + identifier + "' is longer than PostgreSQL's 63-byte identifier limit",
                    "Choose a shorter " + property);
        }
    }

    /**
     * @param connection a connection to the database
     * @return whether the table exists there
     * @throws java.sql.SQLException if the server refuses
     */
    public boolean existsIn(java.sql.Connection connection) throws java.sql.SQLException {
        try (java.sql.PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, sql());
            try (java.sql.ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /**
     * @param connection a connection to the database
     * @param column a column name
     * @return whether the table exists there and has that column
     * @throws java.sql.SQLException if the server refuses
     */
    public boolean hasColumn(java.sql.Connection connection, String column) throws java.sql.SQLException {
        try (java.sql.PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_attribute "
                + "WHERE attrelid = to_regclass(?) AND attname = ? AND NOT attisdropped)")) {
            statement.setString(1, sql());
            statement.setString(2, column);
            try (java.sql.ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
