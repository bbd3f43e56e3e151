package dev.confiture.schema;

import dev.confiture.sql.SqlStatement;
import java.util.List;

/**
 * One DDL file of the schema, split into the statements build executes.
 *
 * @param location the schema location it was found in, e.g. {@code filesystem:db/schema}
 * @param path its path relative to the location, {@code '/'}-separated, e.g. {@code 10_tables/001_tb_customer.sql}
 * @param description where it lives, for messages: an absolute path or a {@code classpath:} location
 * @param statements the statements to execute, in file order; a file's own {@code BEGIN} and {@code COMMIT}
 * are left out (the build's transaction replaces them)
 */
public record SchemaFile(String location, String path, String description, List<SqlStatement> statements) {

    /**
     * @param location the schema location
     * @param path the relative path
     * @param description where it lives
     * @param statements the statements (copied)
     */
    public SchemaFile {
        statements = List.copyOf(statements);
    }
}
