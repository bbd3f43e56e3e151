package dev.confiture.junit;

import dev.confiture.Confiture;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.schema.BuildResult;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extension behind {@link BuiltDatabase}: creates a database on the shared server
 * ({@code SharedPostgres.createDatabase}), builds it from the DDL files with {@code Confiture.build()}, keeps it
 * in the test class's store (so JUnit drops it when the class is done) and resolves {@link TestDatabase},
 * {@link Confiture} and {@link BuildResult} parameters. The database is made when the class starts, or earlier
 * when a constructor needs it ({@code @TestInstance(PER_CLASS)}).
 */
public final class BuiltDatabaseExtension implements BeforeAllCallback, ParameterResolver {

    private static final Logger logger = LoggerFactory.getLogger(BuiltDatabaseExtension.class);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BuiltDatabaseExtension.class);

    private static final String KEY = "built-database";

    @Override
    public void beforeAll(ExtensionContext context) {
        built(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestDatabase.class || type == Confiture.class || type == BuildResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Built built = built(extensionContext);
        Class<?> type = parameterContext.getParameter().getType();
        if (type == TestDatabase.class) {
            return built.database();
        }
        if (type == BuildResult.class) {
            return built.result();
        }
        return new Confiture(configuration(built.annotation(), built.database(), built.testClass()));
    }

    private static Built built(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NAMESPACE).computeIfAbsent(KEY, key -> build(classContext), Built.class);
    }

    /** The context of the outermost enclosing test class that carries the annotation's extension. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static Built build(ExtensionContext classContext) {
        Class<?> testClass = classContext.getRequiredTestClass();
        BuiltDatabase annotation = find(testClass);
        if (annotation == null) {
            throw new ExtensionConfigurationException(BuiltDatabaseExtension.class.getSimpleName() + " needs @"
                    + BuiltDatabase.class.getSimpleName() + " on " + testClass.getName() + " or an enclosing class");
        }
        TestDatabase database = SharedPostgres.createDatabase(testClass.getSimpleName());
        try {
            BuildResult result = new Confiture(configuration(annotation, database, testClass)).build();
            logger.info("Built {} for {} from {} schema file(s) in {} ms; baselined {}", database.name(),
                    testClass.getSimpleName(), result.files().size(), result.ms(), result.baselined());
            return new Built(annotation, testClass, database, result);
        }
        catch (RuntimeException ex) {
            database.close();
            throw ex;
        }
    }

    private static ConfitureConfiguration configuration(BuiltDatabase annotation, TestDatabase database, Class<?> testClass) {
        return ConfitureConfiguration.builder()
                .dataSource(database.dataSource())
                .classLoader(testClass.getClassLoader())
                .schemaLocations(List.of(annotation.schema()))
                .locations(List.of(annotation.migrations()))
                .build();
    }

    private static @Nullable BuiltDatabase find(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            BuiltDatabase annotation = type.getAnnotation(BuiltDatabase.class);
            if (annotation != null) {
                return annotation;
            }
        }
        return null;
    }

    /** The class's database; closing it (JUnit does, when the class is done) drops it. */
    private record Built(BuiltDatabase annotation, Class<?> testClass, TestDatabase database, BuildResult result)
            implements AutoCloseable {

        @Override
        public void close() {
            database.close();
        }
    }
}
