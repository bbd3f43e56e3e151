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
     * Drops every INVALID index that was not there before and that no running command is building. Refuses (naming
     * the indexes and the fix) instead when it cannot tell: another session's build it is not allowed to see
     * ({@code pg_stat_progress_create_index} hides other roles' indexes from a role without {@code pg_read_all_stats}),
     * or an index owned by a role the current one is not a member of.
     * @param before the INVALID indexes before the statement ran
     * @return the indexes dropped, schema-qualified
     */
    static List<String> dropLeftovers(Connection connection, Collection<Long> before, String slug) throws SQLException {
        List<String> leftovers = new ArrayList<>();
        List<String> unsure = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.quote_ident(n.nspname) || '.' "
                + "|| pg_catalog.quote_ident(c.relname), pg_catalog.pg_has_role(c.relowner, 'MEMBER') "
                + "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_progress_create_index p "
                + "WHERE p.pid <> pg_catalog.pg_backend_pid() AND p.index_relid IS NULL) "
                + "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE NOT i.indisvalid AND c.relkind = 'i' AND NOT (i.indexrelid::bigint = ANY (?)) "
                + "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_progress_create_index p "
                + "WHERE p.pid <> pg_catalog.pg_backend_pid() AND p.index_relid = i.indexrelid)")) {
            Array oids = connection.createArrayOf("bigint", before.toArray());
            statement.setArray(1, oids);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    (result.getBoolean(2) ? leftovers : unsure).add(result.getString(1));
                }
            }
        }
        if (!unsure.isEmpty()) {
            throw new ConfitureException(ErrorCode.MIGRATION_FAILED, "Migration " + slug + ": the INVALID index "
                    + String.join(", ", unsure) + " appeared since its CREATE INDEX CONCURRENTLY started, but it is not "
                    + "this role's to drop, or another session is building an index this role may not see", null,
                    "If it is the leftover of this migration's failed build, drop it (DROP INDEX CONCURRENTLY "
                            + String.join(", ", unsure) + ";) and run migrate again", null);
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
     * migration wants would silently never be built. The skip is told by the notice's SQLSTATE ({@code 42P07}); the
     * index by the name the notice quotes, resolved through the session's {@code search_path}, or, when the message
     * is in another language, by the INVALID indexes that existed before the statement.
     * @param statement the statement just executed, whose warnings hold the server's notices
     * @param before the INVALID indexes before the statement ran
     */
    static void refuseSkippedOverInvalid(Connection connection, Statement statement, String slug, SourceLocation location,
            Collection<Long> before) throws SQLException {
        for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
            if (!DUPLICATE_RELATION.equals(warning.getSQLState())) {
                continue;
            }
            Matcher name = SKIPPED_RELATION.matcher(String.valueOf(warning.getMessage()));
            boolean named = name.find();
            List<String> invalid = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT pg_catalog.quote_ident(n.nspname) || '.' "
                    + "|| pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c "
                    + "ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE NOT i.indisvalid AND " + (named
                            ? "i.indexrelid = pg_catalog.to_regclass(pg_catalog.quote_ident(?))"
                            : "i.indexrelid::bigint = ANY (?)"))) {
                if (named) {
                    query.setString(1, name.group(1).replace("\"\"", "\""));
                }
                else {
                    query.setArray(1, connection.createArrayOf("bigint", before.toArray()));
                }
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        invalid.add(result.getString(1));
                    }
                }
            }
            if (!invalid.isEmpty()) {
                throw new ConfitureException(ErrorCode.MIGRATION_FAILED, "Migration " + slug + ": PostgreSQL skipped "
                        + "the index because a relation of that name exists, and " + String.join(", ", invalid)
                        + " is INVALID (an earlier CREATE INDEX CONCURRENTLY of it did not finish), so the index this "
                        + "migration builds would never exist", location, "Drop it (DROP INDEX CONCURRENTLY "
                                + String.join(", ", invalid) + ";) so that this statement builds it anew", null);
            }
        }
    }
}
