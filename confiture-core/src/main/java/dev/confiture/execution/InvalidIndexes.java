package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after a {@code CREATE INDEX CONCURRENTLY} (or {@code REINDEX CONCURRENTLY}) that did not finish:
 * PostgreSQL leaves the index it was building behind, marked INVALID; rerunning the statement then fails ("already
 * exists"), builds a second index beside it (an unnamed index gets the next free name), or, with
 * {@code IF NOT EXISTS}, keeps the broken one.
 *
 * <p>The index is found from the catalog, never from the statement's text: before such a statement runs, the
 * INVALID indexes that already exist are recorded (in the statement's {@code started} event, so an attempt that
 * died with its process can be cleaned up by the next one); an INVALID index that exists afterwards, was not
 * there before and is not being built by a running command ({@code pg_stat_progress_create_index}) is the
 * statement's leftover, and is dropped with {@code DROP INDEX CONCURRENTLY}, as the PostgreSQL documentation
 * advises.
 */
final class InvalidIndexes {

    private static final Logger logger = LoggerFactory.getLogger(InvalidIndexes.class);

    private static final String DUPLICATE_RELATION = "42P07";

    private static final Pattern SKIPPED_RELATION = Pattern.compile("\"((?:[^\"]|\"\")+)\"");

    private InvalidIndexes() {
    }

    /**
     * @return the oids of every INVALID index of the database now
     */
    static List<Long> now(Connection connection) throws SQLException {
        List<Long> oids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT indexrelid::bigint FROM pg_catalog.pg_index "
                        + "WHERE NOT indisvalid ORDER BY 1")) {
            while (result.next()) {
                oids.add(result.getLong(1));
            }
        }
        return oids;
    }

    /**
     * Drops every INVALID index that was not there before and that no running command is building.
     * @param before the INVALID indexes before the statement ran
     * @return the indexes dropped, schema-qualified
     */
    static List<String> dropLeftovers(Connection connection, Collection<Long> before, String slug) throws SQLException {
        List<String> leftovers = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.quote_ident(n.nspname) || '.' "
                + "|| pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_index i "
                + "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE NOT i.indisvalid AND NOT (i.indexrelid::bigint = ANY (?)) AND i.indexrelid NOT IN "
                + "(SELECT index_relid FROM pg_catalog.pg_stat_progress_create_index WHERE pid <> pg_catalog.pg_backend_pid())")) {
            Array oids = connection.createArrayOf("bigint", before.toArray());
            statement.setArray(1, oids);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    leftovers.add(result.getString(1));
                }
            }
        }
        for (String index : leftovers) {
            logger.warn("{}: index {} was left INVALID by a CREATE INDEX CONCURRENTLY that did not finish; dropping it",
                    slug, index);
            try (Statement drop = connection.createStatement()) {
                drop.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index);
            }
        }
        return leftovers;
    }

    /**
     * Refuses to count as done a {@code CREATE INDEX ... IF NOT EXISTS} that PostgreSQL skipped because an INVALID
     * index of that name exists (left by an earlier attempt, for instance of an edited file): the index the
     * migration wants would silently never be built.
     * @param statement the statement just executed, whose warnings hold the server's notices
     */
    static void refuseSkippedOverInvalid(Connection connection, Statement statement, String slug, SourceLocation location)
            throws SQLException {
        for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
            Matcher name = SKIPPED_RELATION.matcher(String.valueOf(warning.getMessage()));
            if (!DUPLICATE_RELATION.equals(warning.getSQLState()) || !name.find()) {
                continue;
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT pg_catalog.quote_ident(n.nspname) || '.' "
                    + "|| pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_index i "
                    + "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE NOT i.indisvalid AND c.relname = ?")) {
                query.setString(1, name.group(1).replace("\"\"", "\""));
                try (ResultSet result = query.executeQuery()) {
                    if (result.next()) {
                        throw new ConfitureException(ErrorCode.MIGRATION_FAILED, "Migration " + slug + ": PostgreSQL "
                                + "skipped the index because " + result.getString(1) + " exists, but that index is INVALID "
                                + "(an earlier CREATE INDEX CONCURRENTLY of it did not finish), so the index this "
                                + "migration builds would never exist", location, "Drop it (DROP INDEX CONCURRENTLY "
                                        + result.getString(1) + ";) so that this statement builds it anew",
                                null);
                    }
                }
            }
        }
    }
}
