package dev.confiture.execution;

import dev.confiture.sql.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after an interrupted {@code CREATE INDEX CONCURRENTLY}: PostgreSQL leaves the index
 * behind marked INVALID, and rerunning the statement then fails ("already exists") or, with
 * {@code IF NOT EXISTS}, silently keeps the broken index. Before a resumed attempt reruns such a
 * statement, an INVALID index of the same name is dropped, as the PostgreSQL documentation advises.
 */
final class InvalidIndexes {

    private static final Logger logger = LoggerFactory.getLogger(InvalidIndexes.class);

    private static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";

    private static final Pattern CREATE_INDEX_CONCURRENTLY = Pattern.compile("^\\s*CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+"
            + "CONCURRENTLY\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(" + IDENTIFIER + "(?:\\s*\\.\\s*" + IDENTIFIER + ")?)\\s+ON\\b",
            Pattern.CASE_INSENSITIVE);

    private InvalidIndexes() {
    }

    static void dropLeftoverOf(Connection connection, SqlStatement statement, String slug) throws SQLException {
        Matcher matcher = CREATE_INDEX_CONCURRENTLY.matcher(statement.sql());
        if (!matcher.find()) {
            return;
        }
        String index = matcher.group(1).replaceAll("\\s+", "");
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(?) AND NOT indisvalid")) {
            query.setString(1, index);
            try (ResultSet result = query.executeQuery()) {
                if (!result.next()) {
                    return;
                }
            }
        }
        logger.warn("{}: index {} was left INVALID by an interrupted CREATE INDEX CONCURRENTLY; dropping it before "
                + "building it again", slug, index);
        try (Statement drop = connection.createStatement()) {
            drop.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index);
        }
    }
}
