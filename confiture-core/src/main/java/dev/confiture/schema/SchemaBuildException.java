package dev.confiture.schema;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;

/**
 * A statement of a schema file failed ({@link ErrorCode#SCHEMA_BUILD_FAILED}); everything the build did
 * was rolled back. {@link #location()} is the exact file, line and column when the server reported a
 * position, else the statement's start.
 */
public final class SchemaBuildException extends ConfitureException {

    private final SchemaError error;

    private final int completedStatements;

    SchemaBuildException(SchemaError error, int completedStatements, String hint, Throwable cause) {
        super(ErrorCode.SCHEMA_BUILD_FAILED, describe(error), error.location(), hint, cause);
        this.error = error;
        this.completedStatements = completedStatements;
    }

    /**
     * @return how many statements ran before the failing one (all rolled back)
     */
    public int completedStatements() {
        return completedStatements;
    }

    /**
     * @return the failing statement's file, line, column, message and SQLSTATE
     */
    public SchemaError error() {
        return error;
    }

    private static String describe(SchemaError error) {
        return error.message() + ((error.sqlState() != null) ? " (SQLSTATE " + error.sqlState() + ")" : "")
                + ((error.statement() != null) ? " in the statement " + error.statement() : "");
    }
}
