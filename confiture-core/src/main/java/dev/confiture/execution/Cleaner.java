package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.jdbc.Elapsed;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.jdbc.ServerError;
import dev.confiture.jdbc.TimeoutSettings;
import dev.confiture.lock.LockLostException;
import dev.confiture.lock.MigrationLock;
import dev.confiture.tracking.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the configured schemas of a development database: each is dropped with everything in it and created
 * again as it was (owner, privileges, default privileges, comment), all in one transaction that commits only while
 * the run holds the migration lock, so either every schema is empty afterwards or nothing changed. Refused unless
 * enabled, and always in an environment that requires approvals.
 */
public final class Cleaner {

    private static final Logger logger = LoggerFactory.getLogger(Cleaner.class);

    private final Bookkeeping bookkeeping;

    /**
     * @param migrator the migrator whose configuration (which schemas, whether clean is enabled) and lock to share
     */
    public Cleaner(Migrator migrator) {
        this.bookkeeping = migrator.bookkeeping();
    }

    /**
     * @return what was dropped
     * @throws ConfitureException CLEAN_DISABLED (nothing dropped), LOCK_WAIT_TIMEOUT, DATABASE_ERROR (nothing
     * dropped: the transaction rolled back)
     */
    public CleanResult clean() {
        ConfitureConfiguration configuration = bookkeeping.configuration();
        List<String> schemas = schemas(configuration);
        refuseUnlessEnabled(configuration, schemas);
        long start = System.nanoTime();
        try (MigrationLock lock = bookkeeping.lock()) {
            Connection connection = lock.connection();
            connection.setAutoCommit(false);
            try {
                // a session that holds a lock on an object in the schemas would make DROP SCHEMA wait, and every
                // query behind it: clean gives up after lock_timeout instead
                Jdbc.applyTimeouts(connection, new TimeoutSettings(configuration.timeouts().lockTimeout(), null), true);
                int relations = 0;
                int routines = 0;
                List<String> recreate = new ArrayList<>();
                for (String schema : schemas) {
                    SchemaAsItWas before = SchemaAsItWas.read(connection, schema);
                    if (before == null) {
                        continue;
                    }
                    relations += before.relations();
                    routines += before.routines();
                    recreate.add(before.dropAndCreateSql(schema));
                }
                try (Statement statement = connection.createStatement()) {
                    for (String sql : recreate) {
                        statement.execute(sql);
                    }
                    statement.execute(lock.guardSql() + "COMMIT");
                }
                long ms = Elapsed.millisSince(start);
                logger.info("Cleaned schema(s) {}: dropped {} relation(s) and {} routine(s) in {} ms", schemas, relations,
                        routines, ms);
                return new CleanResult(schemas, relations, routines, ms);
            }
            catch (SQLException | RuntimeException ex) {
                Jdbc.rollbackQuietly(connection);
                LockLostException lost = lock.lostBy(ex, "the commit of clean");
                if (lost != null) {
                    throw lost;
                }
                if (ex instanceof SQLException sql && ServerError.LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                    throw new ConfitureException(ErrorCode.DATABASE_ERROR, "clean waited longer than lock_timeout ("
                            + configuration.timeouts().lockTimeout() + ") for another session's lock on an object in "
                            + String.join(", ", schemas) + "; nothing was dropped", null, "Let that session finish "
                                    + "(pg_locks and pg_stat_activity name it), or raise " + Setting.LOCK_TIMEOUT.token(),
                            ex);
                }
                throw ex;
            }
            finally {
                Jdbc.restoreAutoCommit(connection);
            }
        }
        catch (SQLException ex) {
            throw bookkeeping.databaseError("clean (nothing was dropped)", ex);
        }
    }

    /** The tracking table's schema, then the migrations' schema when it is another one. */
    static List<String> schemas(ConfitureConfiguration configuration) {
        Set<String> schemas = new LinkedHashSet<>();
        schemas.add(configuration.trackingTable().schema());
        if (configuration.searchPath() != null) {
            schemas.add(configuration.searchPath());
        }
        return List.copyOf(schemas);
    }

    private static void refuseUnlessEnabled(ConfitureConfiguration configuration, List<String> schemas) {
        if (configuration.requiresApprovals()) {
            throw new ConfitureException(ErrorCode.CLEAN_DISABLED, "clean never runs in environment '"
                    + configuration.environment() + "', which requires approvals; nothing was dropped",
                    "Clean a development database, whose environment is not one of the approval environments");
        }
        if (!configuration.cleanEnabled()) {
            throw new ConfitureException(ErrorCode.CLEAN_DISABLED, "clean would drop everything in schema(s) "
                    + String.join(", ", schemas) + ", and it is not enabled; nothing was dropped",
                    "Enable it for a development database only (" + Setting.CLEAN_ENABLED.token() + ")");
        }
        for (String schema : schemas) {
            String lower = schema.toLowerCase(Locale.ROOT);
            if (lower.startsWith("pg_") || lower.equals("information_schema")) {
                throw new ConfitureException(ErrorCode.CLEAN_DISABLED, "clean never drops the system schema "
                        + schema + "; nothing was dropped", "Point " + Setting.SCHEMA.token() + " at the schema to clean");
            }
        }
    }

    /**
     * A schema as it is before clean, and the SQL that gives it back empty: owner, privileges (every grant of its
     * ACL), default privileges set for it ({@code ALTER DEFAULT PRIVILEGES ... IN SCHEMA}) and comment.
     */
    private record SchemaAsItWas(String owner, List<String> grants, List<String> defaultGrants, @Nullable String comment,
            int relations, int routines) {

        static @Nullable SchemaAsItWas read(Connection connection, String schema) throws SQLException {
            String owner;
            String comment;
            int relations;
            int routines;
            try (PreparedStatement statement = connection.prepareStatement("SELECT n.nspowner::regrole::text, "
                    + "pg_catalog.obj_description(n.oid, 'pg_namespace'), "
                    + "(SELECT count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid "
                    + "AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')), "
                    + "(SELECT count(*) FROM pg_catalog.pg_proc p WHERE p.pronamespace = n.oid) "
                    + "FROM pg_catalog.pg_namespace n WHERE n.nspname = ?")) {
                statement.setString(1, schema);
                try (ResultSet result = statement.executeQuery()) {
                    if (!result.next()) {
                        return null;
                    }
                    owner = result.getString(1);
                    comment = result.getString(2);
                    relations = result.getInt(3);
                    routines = result.getInt(4);
                }
            }
            String quoted = TableName.quote(schema);
            List<String> grants = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT a.privilege_type, "
                    + "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END, a.is_grantable "
                    + "FROM pg_catalog.pg_namespace n, LATERAL pg_catalog.aclexplode(n.nspacl) a "
                    + "WHERE n.nspname = ? AND a.grantee <> n.nspowner ORDER BY 2, 1")) {
                statement.setString(1, schema);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        grants.add("GRANT " + result.getString(1) + " ON SCHEMA " + quoted + " TO " + result.getString(2)
                                + (result.getBoolean(3) ? " WITH GRANT OPTION" : ""));
                    }
                }
            }
            List<String> defaultGrants = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT d.defaclrole::regrole::text, "
                    + "d.defaclobjtype, a.privilege_type, "
                    + "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END, a.is_grantable "
                    + "FROM pg_catalog.pg_default_acl d JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace, "
                    + "LATERAL pg_catalog.aclexplode(d.defaclacl) a WHERE n.nspname = ? ORDER BY 1, 2, 4, 3")) {
                statement.setString(1, schema);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        defaultGrants.add("ALTER DEFAULT PRIVILEGES FOR ROLE " + result.getString(1) + " IN SCHEMA "
                                + quoted + " GRANT " + result.getString(3) + " ON " + objects(result.getString(2))
                                + " TO " + result.getString(4) + (result.getBoolean(5) ? " WITH GRANT OPTION" : ""));
                    }
                }
            }
            return new SchemaAsItWas(owner, grants, defaultGrants, comment, relations, routines);
        }

        String dropAndCreateSql(String schema) {
            String quoted = TableName.quote(schema);
            List<String> sql = new ArrayList<>();
            sql.add("DROP SCHEMA " + quoted + " CASCADE");
            sql.add("CREATE SCHEMA " + quoted + " AUTHORIZATION " + owner);
            sql.addAll(grants);
            sql.addAll(defaultGrants);
            if (comment != null) {
                sql.add("COMMENT ON SCHEMA " + quoted + " IS " + TableName.literal(comment));
            }
            return String.join("; ", sql);
        }

        private static String objects(String type) {
            return switch (type) {
                case "r" -> "TABLES";
                case "S" -> "SEQUENCES";
                case "f" -> "FUNCTIONS";
                case "T" -> "TYPES";
                default -> throw new IllegalStateException("a schema's default privileges cannot be on type " + type);
            };
        }

    }
}
