package dev.confiture.cli;

/**
 * The command line or its configuration is wrong (a bad flag value, no database URL, a missing or
 * invalid environment file): exit code 2, the message on stderr.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to fix it
     */
    public UsageException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause the underlying error
     */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
