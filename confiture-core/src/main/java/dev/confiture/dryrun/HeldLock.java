package dev.confiture.dryrun;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One lock a migration held just before the dry run rolled it back, as {@code pg_locks} shows it.
 *
 * @param lockType {@code pg_locks.locktype}, e.g. {@code relation}, {@code object}, {@code advisory}
 * @param relation the locked relation, schema-qualified, e.g. {@code public.tb_user}; {@code null}
 * for locks that are not on a relation ({@code object}, {@code advisory}: several of one mode show as
 * one entry); the relation's OID as text when it no longer has a name (a relation the migration dropped)
 * @param mode the lock mode, e.g. {@code AccessExclusiveLock}
 */
public record HeldLock(String lockType, @Nullable String relation, String mode) {

    /**
     * @param lockType the lock type
     * @param relation the schema-qualified relation, or {@code null}
     * @param mode the lock mode
     */
    public HeldLock {
        Objects.requireNonNull(lockType, "lockType");
        Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String toString() {
        return mode + ((relation != null) ? " on " + relation : " (" + lockType + ")");
    }
}
