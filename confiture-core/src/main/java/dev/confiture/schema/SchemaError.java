package dev.confiture.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import org.jspecify.annotations.Nullable;

/**
 * Why the schema files do not apply: the first failing statement (or the file that cannot be read or
 * split), with file, line and column.
 *
 * @param code {@link ErrorCode#SCHEMA_BUILD_FAILED} for a statement the server rejected, else the code of
 * the file problem ({@code SQL_PARSE_ERROR}, {@code UNSUPPORTED_STATEMENT}, {@code INVALID_ENCODING}, ...)
 * @param file the file's description (absolute path or {@code classpath:} location), or {@code null} when no
 * file is at fault (no schema file at all)
 * @param line the 1-based line, or 0
 * @param column the 1-based column, or 0 when unknown
 * @param message what is wrong: the server's message for a rejected statement
 * @param sqlState the SQLSTATE of a rejected statement, or {@code null}
 * @param statement the rejected statement's first line, or {@code null}
 */
@JsonPropertyOrder({ "code", "file", "line", "column", "message", "sql_state", "statement" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SchemaError(ErrorCode code, @Nullable String file, int line, int column, String message,
        @JsonProperty("sql_state") @Nullable String sqlState, @Nullable String statement) {

    /**
     * @param exception a problem with the schema files
     * @return the error it describes
     */
    public static SchemaError of(ConfitureException exception) {
        if (exception instanceof SchemaBuildException build) {
            return build.error();
        }
        SourceLocation location = exception.location();
        return new SchemaError(exception.code(), (location != null) ? location.source() : null,
                (location != null) ? location.line() : 0, (location != null) ? location.column() : 0,
                exception.problem(), null, null);
    }

    /**
     * @return file, line and column, or {@code null} when no file is at fault
     */
    @JsonIgnore
    public @Nullable SourceLocation location() {
        return (file != null) ? new SourceLocation(file, line, column) : null;
    }

    @Override
    public String toString() {
        return ((file != null) ? location() + ": " : "") + message + ((sqlState != null) ? " (SQLSTATE " + sqlState + ")" : "");
    }
}
