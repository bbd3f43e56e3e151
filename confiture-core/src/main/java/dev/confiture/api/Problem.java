package dev.confiture.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * Something wrong (or worth a note) about the migrations or their state, as reported by
 * {@code validate} and {@code status}: {@code {"code", "severity", "version", "message", "hint"}} in
 * the status JSON.
 *
 * @param code the stable code
 * @param severity whether it blocks validate and migrate
 * @param version the migration version concerned, or {@code null} if none
 * @param message what is wrong, naming file and line where a file is at fault
 * @param hint what to do about it, or {@code null}
 * @param location the file and line, or {@code null} (not part of the JSON: {@code message} names it)
 */
@JsonPropertyOrder({ "code", "severity", "version", "message", "hint" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Problem(ErrorCode code, Severity severity, @Nullable String version, String message,
        @Nullable String hint, @JsonIgnore @Nullable SourceLocation location) {

    /**
     * An error.
     * @param code the stable code
     * @param version the migration version concerned, or {@code null}
     * @param message what is wrong
     * @param hint what to do about it, or {@code null}
     * @param location the file and line, or {@code null}
     */
    public Problem(ErrorCode code, @Nullable String version, String message, @Nullable String hint,
            @Nullable SourceLocation location) {
        this(code, Severity.ERROR, version, message, hint, location);
    }

    /**
     * An error built from an exception.
     * @param version the migration version concerned, or {@code null}
     * @param exception the exception
     * @return the problem
     */
    public static Problem of(@Nullable String version, ConfitureException exception) {
        String message = exception.problem()
                + ((exception.location() != null) ? " (at " + exception.location() + ")" : "");
        return new Problem(exception.code(), version, message, exception.hint(), exception.location());
    }

    /**
     * @param wording the caller's words
     * @return the same problem with the settings its message and hint mention named in those words
     */
    public Problem inWords(Wording wording) {
        return new Problem(code, severity, version, wording.render(message), (hint != null) ? wording.render(hint) : null,
                location);
    }

    /**
     * @return the same problem as a note
     */
    public Problem asNote() {
        return new Problem(code, Severity.NOTE, version, message, hint, location);
    }

    /**
     * @return whether it blocks validate and migrate
     */
    @JsonIgnore
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * Throws when there are problems: the first one's code, with every problem and its hint in the
     * message. Operations call it before they change anything.
     * @param problems the problems found
     * @throws ConfitureException when {@code problems} is not empty
     */
    public static void refuse(java.util.List<Problem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        Problem first = problems.get(0);
        if (problems.size() == 1) {
            throw first.toException();
        }
        String all = problems.stream().map(problem -> "[" + problem.code() + "] " + problem.message()
                + ((problem.hint() != null) ? ". " + problem.hint() : ""))
                .collect(java.util.stream.Collectors.joining("\n  - ", "\n  - ", ""));
        throw new ConfitureException(first.code(), problems.size() + " problems stop this operation:" + all,
                first.location(), null, null);
    }

    /**
     * @return this problem as an exception, to throw from operations that refuse to go on
     */
    public ConfitureException toException() {
        String suffix = (location != null) ? " (at " + location + ")" : "";
        String text = message.endsWith(suffix) ? message.substring(0, message.length() - suffix.length()) : message;
        return new ConfitureException(code, text, location, hint, null);
    }
}
