package dev.confiture.lock;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;

/**
 * The migration lock was lost while a run worked under it ({@link ErrorCode#LOCK_LOST}): another migrator may
 * already hold it, so the run stops before its next statement or commit.
 */
public final class LockLostException extends ConfitureException {

    private static final long serialVersionUID = 1L;

    LockLostException(String problem, String hint) {
        super(ErrorCode.LOCK_LOST, problem, hint);
    }

    /**
     * The same loss, told with what the run had done, e.g. {@code "applied in this run: 001_a"}.
     * @param lost the loss as the lock reported it
     * @param context what the run had done
     */
    public LockLostException(LockLostException lost, String context) {
        super(ErrorCode.LOCK_LOST, lost.problem() + " (" + context + ")", null, lost.hint(), lost);
    }
}
