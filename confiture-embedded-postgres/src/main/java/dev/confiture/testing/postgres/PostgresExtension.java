package dev.confiture.testing.postgres;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands out fresh databases on the shared server.
 *
 * <p>A {@link TestDatabase} parameter of a {@code @BeforeAll} method or of the test class
 * constructor is one database for the whole test class; a {@code TestDatabase} parameter of a test
 * method is a database for that test alone. Each database is dropped when its scope ends.
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        String label = extensionContext.getTestMethod()
                .map(method -> method.getDeclaringClass().getSimpleName() + "_" + method.getName())
                .orElseGet(() -> extensionContext.getRequiredTestClass().getSimpleName());
        String key = extensionContext.getUniqueId() + "#" + parameterContext.getIndex();
        return extensionContext.getStore(NAMESPACE)
                .computeIfAbsent(key, ignored -> new ClosingDatabase(SharedPostgres.createDatabase(label)),
                        ClosingDatabase.class)
                .database();
    }

    private record ClosingDatabase(TestDatabase database) implements AutoCloseable {

        @Override
        public void close() {
            database.close();
        }
    }
}
