package dev.confiture.api;

import org.jspecify.annotations.Nullable;

/**
 * Everything that goes wrong in Confiture: a stable {@link ErrorCode}, what is wrong, where (file
 * and line when a file is at fault) and what to do about it.
 */
public class ConfitureException extends RuntimeException {

    private final ErrorCode code;

    private final String problem;

    private final @Nullable SourceLocation location;

    private final @Nullable String hint;

    private volatile Wording wording = Wording.JAVA;

    /**
     * @param code the error code
     * @param problem what is wrong, as a sentence without the location
     * @param location the file and line at fault, if a file is
     * @param hint what to do about it
     * @param cause the underlying exception
     */
    public ConfitureException(ErrorCode code, String problem, @Nullable SourceLocation location,
            @Nullable String hint, @Nullable Throwable cause) {
        super(problem, cause);
        this.code = code;
        this.problem = problem;
        this.location = location;
        this.hint = hint;
    }

    /**
     * @param code the error code
     * @param problem what is wrong
     * @param hint what to do about it
     */
    public ConfitureException(ErrorCode code, String problem, @Nullable String hint) {
        this(code, problem, null, hint, null);
    }

    /**
     * @return the stable error code
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * @return what is wrong, without location and hint
     */
    public String problem() {
        return wording.render(problem);
    }

    /**
     * @return the file and line at fault, or {@code null}
     */
    public @Nullable SourceLocation location() {
        return location;
    }

    /**
     * @return what to do about it, or {@code null}
     */
    public @Nullable String hint() {
        return (hint != null) ? wording.render(hint) : null;
    }

    /**
     * @return {@code [CODE] problem (at location). Hint}, with settings named in this exception's {@link Wording}
     */
    @Override
    public String getMessage() {
        return compose(code, problem(), location, hint());
    }

    /**
     * Names the settings and operations this exception's message mentions in a caller's words from now on.
     * @param wording the caller's words
     * @return this exception
     */
    public ConfitureException inWords(Wording wording) {
        this.wording = java.util.Objects.requireNonNull(wording, "wording");
        return this;
    }

    private static String compose(ErrorCode code, String problem, @Nullable SourceLocation location,
            @Nullable String hint) {
        StringBuilder message = new StringBuilder().append('[').append(code).append("] ").append(problem);
        if (location != null) {
            message.append(" (at ").append(location).append(')');
        }
        if (hint != null && !hint.isEmpty()) {
            message.append(". ").append(Character.toUpperCase(hint.charAt(0))).append(hint.substring(1));
        }
        return message.toString();
    }
}
