package dev.confiture.dryrun;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the locks the current backend holds from {@code pg_locks}.
 *
 * <p>The query reads only the {@code pg_locks} view; relation names come from
 * {@code pg_identify_object}, which looks them up in the catalog caches and keeps no lock, so the
 * only lock the query itself leaves behind is an {@code AccessShareLock} on {@code pg_catalog.pg_locks},
 * which is left out. The transaction's own {@code virtualxid} and {@code transactionid} locks are left
 * out too: every transaction has them.
 *
 * <p>Locks are told apart by everything {@code pg_locks} says about the locked object (for an
 * {@code object} or {@code advisory} lock: its class and object ids), not only by the three fields of
 * {@link HeldLock}, so a lock on a second schema is new even if a lock of the same mode on another
 * schema was already held.
 */
final class HeldLocks {

    private static final String QUERY = "SELECT concat_ws('/', l.locktype, l.database, l.relation, l.page, l.tuple, "
            + "l.classid, l.objid, l.objsubid, l.mode), l.locktype, o.schema, o.name, l.relation::text, l.mode "
            + "FROM pg_catalog.pg_locks l "
            + "LEFT JOIN LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_class'::regclass, l.relation, 0) o "
            + "ON l.relation IS NOT NULL "
            + "WHERE l.pid = pg_catalog.pg_backend_pid() AND l.granted "
            + "AND l.locktype NOT IN ('virtualxid', 'transactionid')";

    private static final String OWN_QUERY_RELATION = "pg_catalog.pg_locks";

    private static final Comparator<HeldLock> ORDER = Comparator
            .comparing((HeldLock lock) -> lock.relation() == null)
            .thenComparing(lock -> String.valueOf(lock.relation()))
            .thenComparing(HeldLock::lockType)
            .thenComparing(HeldLock::mode);

    private HeldLocks() {
    }

    /**
     * @param connection the connection, inside the transaction whose locks to read
     * @return the locks held, without the query's own, keyed by what {@code pg_locks} says identifies them
     * @throws SQLException if the server refuses
     */
    static Map<String, HeldLock> read(Connection connection) throws SQLException {
        Map<String, HeldLock> locks = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(QUERY)) {
            while (result.next()) {
                String relation = relation(result.getString(3), result.getString(4), result.getString(5));
                String mode = result.getString(6);
                if (OWN_QUERY_RELATION.equals(relation) && "AccessShareLock".equals(mode)) {
                    continue;
                }
                locks.put(result.getString(1), new HeldLock(result.getString(2), relation, mode));
            }
        }
        return locks;
    }

    /**
     * @param before the locks held before a migration ran
     * @param after the locks held after it ran
     * @return the distinct locks in {@code after} that are not in {@code before}, ordered by relation and mode
     */
    static List<HeldLock> newlyTaken(Map<String, HeldLock> before, Map<String, HeldLock> after) {
        Set<HeldLock> taken = new LinkedHashSet<>();
        after.forEach((key, lock) -> {
            if (!before.containsKey(key)) {
                taken.add(lock);
            }
        });
        List<HeldLock> ordered = new ArrayList<>(taken);
        ordered.sort(ORDER);
        return ordered;
    }

    private static @Nullable String relation(@Nullable String schema, @Nullable String name, @Nullable String oid) {
        if (oid == null) {
            return null;
        }
        return (schema != null && name != null) ? schema + "." + name : oid;
    }
}
