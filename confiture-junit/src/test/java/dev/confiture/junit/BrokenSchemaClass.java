package dev.confiture.junit;

import org.junit.jupiter.api.Test;

/**
 * Run by {@link SeparateDatabasesTest} only (not a *Test class): its schema does not build.
 */
@BuiltDatabase(schema = "classpath:db/broken-schema")
class BrokenSchemaClass {

    @Test
    void neverRuns() {
        throw new AssertionError("the class's database cannot be built, so no test runs");
    }
}
