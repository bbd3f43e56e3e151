package dev.confiture.testing.postgres.spring;

import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * {@code spring.datasource.url}, {@code username}, {@code password} (and {@code spring.test.database.replace=none})
 * of a test database that is created only when something asks for them and no other property source of the context
 * names a database: a test that brings its own ({@code @DynamicPropertySource}, properties, ...) never creates one,
 * whatever order Spring applied the customizers in. Databases still open when the JVM ends (a context whose refresh
 * failed is never closed) are dropped then.
 */
final class TestDatabasePropertySource extends EnumerablePropertySource<String> {

    private static final String URL = "spring.datasource.url";

    private static final String USERNAME = "spring.datasource.username";

    private static final String PASSWORD = "spring.datasource.password";

    private static final String REPLACE = "spring.test.database.replace";

    /** Boot's view of every property source, which would ask this one again. */
    private static final String ATTACHED = "configurationProperties";

    private static final Set<TestDatabasePropertySource> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(TestDatabasePropertySource::close),
                "confiture-test-databases-drop"));
    }

    private final ConfigurableEnvironment environment;

    private final ThreadLocal<Boolean> resolving = ThreadLocal.withInitial(() -> false);

    private volatile @Nullable TestDatabase database;

    TestDatabasePropertySource(String label, ConfigurableEnvironment environment) {
        super("confiture test database", label);
        this.environment = environment;
    }

    @Override
    public String[] getPropertyNames() {
        return new String[] { URL, USERNAME, PASSWORD, REPLACE };
    }

    @Override
    public boolean containsProperty(String name) {
        return getProperty(name) != null;
    }

    @Override
    public @Nullable Object getProperty(String name) {
        if (!(name.equals(URL) || name.equals(USERNAME) || name.equals(PASSWORD) || name.equals(REPLACE))
                || resolving.get()) {
            return null;
        }
        resolving.set(true);
        try {
            if (anotherSourceNamesADatabase()) {
                return null;
            }
            if (name.equals(REPLACE)) {
                // a slice's @AutoConfigureTestDatabase would replace the database with an in-memory one otherwise
                return "none";
            }
            TestDatabase created = database();
            return switch (name) {
                case URL -> created.jdbcUrl();
                case USERNAME -> created.user();
                default -> created.password();
            };
        }
        finally {
            resolving.set(false);
        }
    }

    /**
     * Another source names a database, or asks for the test database to be replaced
     * ({@code @AutoConfigureTestDatabase(replace = ANY)}): then none is created here.
     */
    private boolean anotherSourceNamesADatabase() {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source == this || source.getName().equals(ATTACHED)) {
                continue;
            }
            Object replace = source.getProperty(REPLACE);
            if (source.containsProperty(URL) || (replace != null && !"none".equalsIgnoreCase(replace.toString().strip()))) {
                return true;
            }
        }
        return false;
    }

    private synchronized TestDatabase database() {
        TestDatabase created = database;
        if (created == null) {
            created = SharedPostgres.createDatabase(getSource());
            database = created;
            OPEN.add(this);
        }
        return created;
    }

    /**
     * Drops the database, if one was created.
     */
    synchronized void close() {
        TestDatabase created = database;
        database = null;
        OPEN.remove(this);
        if (created != null) {
            try {
                created.close();
            }
            catch (RuntimeException ex) {
                // the server may be stopping too (the JVM ends): nothing is left to clean then
            }
        }
    }
}
