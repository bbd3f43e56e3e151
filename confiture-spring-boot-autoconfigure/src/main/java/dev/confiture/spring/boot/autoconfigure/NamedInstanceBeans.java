package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.api.Callback;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationListener;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.migration.Migration;
import dev.confiture.spring.boot.observation.ConfitureStartupObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * The factory methods behind a named instance's beans (see {@link ConfitureInstancesRegistrar}): the first argument is
 * the instance's name ({@code confiture.instances.<name>}), the others are autowired.
 */
final class NamedInstanceBeans {

    private NamedInstanceBeans() {
    }

    static Confiture confiture(String name, ConfitureProperties properties, ResourceLoader resourceLoader,
            Environment environment, BeanFactory beanFactory, ObjectProvider<DataSource> applicationDataSource,
            ObjectProvider<Migration> javaMigrations, ObjectProvider<MigrationListener> listeners,
            ObjectProvider<Callback> callbacks) {
        String bean = beanName(name);
        ConfitureProperties.Instance instance = instance(properties, name);
        ConfitureFactory.Instance settings = new ConfitureFactory.Instance(bean,
                dataSource(name, instance, beanFactory, applicationDataSource),
                (instance.getLocations() != null) ? instance.getLocations() : List.of("classpath:db/" + name),
                (instance.getSchema() != null) ? instance.getSchema() : properties.getSchema(),
                (instance.getTable() != null) ? instance.getTable() : properties.getTable(),
                (instance.getEnvironment() != null) ? instance.getEnvironment() : properties.getEnvironment());
        Confiture confiture = new Confiture(ConfitureFactory.builder(properties, settings, resourceLoader, environment,
                ConfitureFactory.Beans.of(javaMigrations, listeners, callbacks),
                ConfitureFactory.centralLogDataSource(properties.getCentralLog(), null)).build());
        refuseSharedTrackingTable(name, confiture, beanFactory);
        return confiture;
    }

    /**
     * Two instances on one database with one tracking table would each see the other's migrations as unknown or
     * changed: refused before either migrates.
     */
    private static void refuseSharedTrackingTable(String name, Confiture confiture, BeanFactory beanFactory) {
        if (!beanFactory.containsBean(ConfitureConfiguration.DEFAULT_NAME)) {
            return;
        }
        ConfitureConfiguration other = beanFactory.getBean(ConfitureConfiguration.DEFAULT_NAME, Confiture.class)
                .configuration();
        if (other.dataSource() == confiture.configuration().dataSource()
                && other.trackingTable().equals(confiture.configuration().trackingTable())) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "confiture.instances." + name
                    + " would track its migrations in " + other.trackingTable().display() + " of the same database as "
                    + "the default instance", "Set confiture.instances." + name + ".table (or .schema) to a table of its "
                            + "own, e.g. tb_confiture_" + name);
        }
    }

    static ConfitureMigrationInitializer initializer(String name, ConfitureProperties properties, BeanFactory beanFactory,
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<ConfitureStartupObservationConvention> convention, Environment environment) {
        String bean = beanName(name);
        StartupMode configured = instance(properties, name).getStartupMode();
        StartupMode mode = (configured != null) ? configured : properties.getStartupMode();
        AsyncStartupGuard.check(mode, (configured != null) ? "confiture.instances." + name + ".startup-mode"
                : "confiture.startup-mode", environment);
        return new ConfitureMigrationInitializer(beanFactory.getBean(bean, Confiture.class), null, mode,
                beanFactory.getBean(bean + "Startup", ConfitureStartup.class),
                observations.getIfAvailable(() -> ObservationRegistry.NOOP), convention.getIfUnique());
    }

    static String beanName(String name) {
        return "confiture." + name;
    }

    private static DataSource dataSource(String name, ConfitureProperties.Instance instance, BeanFactory beanFactory,
            ObjectProvider<DataSource> applicationDataSource) {
        if (instance.getDataSource() != null) {
            return beanFactory.getBean(instance.getDataSource(), DataSource.class);
        }
        if (instance.getUrl() != null) {
            return ConfitureFactory.urlDataSource(instance.getUrl(), instance.getUser(), instance.getPassword());
        }
        DataSource application = applicationDataSource.getIfUnique();
        if (application == null) {
            throw new IllegalStateException("confiture.instances." + name + " names no database and the application has "
                    + "several DataSources: set confiture.instances." + name + ".data-source (a bean name) or "
                    + "confiture.instances." + name + ".url");
        }
        return application;
    }

    private static ConfitureProperties.Instance instance(ConfitureProperties properties, String name) {
        ConfitureProperties.Instance instance = properties.getInstances().get(name);
        if (instance == null) {
            throw new IllegalStateException("confiture.instances." + name + " is not bound");
        }
        return instance;
    }
}
