package dev.confiture.execution;

import java.util.List;

/**
 * What clean dropped.
 *
 * @param schemas the schemas emptied (each dropped and created again with its owner, privileges, default privileges
 * and comment)
 * @param relations the tables, views, materialized views, sequences and foreign tables they held
 * @param routines the functions and procedures they held
 * @param durationMs how long it took
 */
public record CleanResult(List<String> schemas, int relations, int routines, long durationMs) {

    /**
     * Copies the list.
     */
    public CleanResult {
        schemas = List.copyOf(schemas);
    }
}
