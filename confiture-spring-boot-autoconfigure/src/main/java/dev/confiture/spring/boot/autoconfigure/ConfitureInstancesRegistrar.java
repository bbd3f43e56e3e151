package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.api.MigrationListener;
import dev.confiture.migration.Migration;
import dev.confiture.spring.boot.actuate.health.ConfitureHealthIndicator;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers the beans of every named instance ({@code confiture.instances.<name>.*}): the Confiture
 * {@code confiture.<name>}, its startup tracker and initializer (so JPA and JDBC beans wait for it,
 * like for the default instance), and, when Spring Boot's health support is present and
 * {@code management.health.confiture.enabled} is not false, its health indicator, contributed as
 * {@code confiture.<name>}. A {@link ConfitureMigrationStrategy} applies to the default instance only.
 */
final class ConfitureInstancesRegistrar
        implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware, ResourceLoaderAware {

    private static final String HEALTH_INDICATOR = "org.springframework.boot.health.contributor.AbstractHealthIndicator";

    private @Nullable Environment environment;

    private @Nullable ListableBeanFactory beanFactory;

    private @Nullable ResourceLoader resourceLoader;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = (ListableBeanFactory) beanFactory;
    }

    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    // Spring calls the three setters before registerBeanDefinitions.

    private Environment environment() {
        return java.util.Objects.requireNonNull(environment, "environment");
    }

    private ListableBeanFactory beanFactory() {
        return java.util.Objects.requireNonNull(beanFactory, "beanFactory");
    }

    private ResourceLoader resourceLoader() {
        return java.util.Objects.requireNonNull(resourceLoader, "resourceLoader");
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Map<String, ConfitureProperties.Instance> instances = Binder.get(environment())
                .bind("confiture.instances", Bindable.mapOf(String.class, ConfitureProperties.Instance.class))
                .orElse(Map.of());
        boolean health = ClassUtils.isPresent(HEALTH_INDICATOR, getClass().getClassLoader())
                && environment().getProperty("management.health.confiture.enabled", Boolean.class, true);
        for (String name : instances.keySet()) {
            String bean = "confiture." + name;
            register(registry, bean, Confiture.class, () -> confiture(name, bean));
            RootBeanDefinition startup = new RootBeanDefinition(ConfitureStartup.class);
            startup.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
            registry.registerBeanDefinition(bean + "Startup", startup);
            register(registry, bean + "Initializer", ConfitureMigrationInitializer.class, () -> initializer(name, bean));
            if (health) {
                register(registry, bean + "HealthIndicator", ConfitureHealthIndicator.class,
                        () -> new ConfitureHealthIndicator(beanFactory().getBean(bean, Confiture.class),
                                beanFactory().getBean(bean + "Startup", ConfitureStartup.class)));
            }
        }
    }

    private static <T> void register(BeanDefinitionRegistry registry, String name, Class<T> type,
            java.util.function.Supplier<T> supplier) {
        RootBeanDefinition definition = new RootBeanDefinition(type, supplier);
        definition.setRole(BeanDefinition.ROLE_APPLICATION);
        registry.registerBeanDefinition(name, definition);
    }

    private Confiture confiture(String name, String bean) {
        ConfitureProperties properties = beanFactory().getBean(ConfitureProperties.class);
        ConfitureProperties.Instance instance = instance(properties, name);
        ConfitureFactory.Instance settings = new ConfitureFactory.Instance(bean, dataSource(name, instance),
                (instance.getLocations() != null) ? instance.getLocations() : List.of("classpath:db/" + name),
                (instance.getSchema() != null) ? instance.getSchema() : properties.getSchema(),
                (instance.getTable() != null) ? instance.getTable() : properties.getTable(),
                (instance.getEnvironment() != null) ? instance.getEnvironment() : properties.getEnvironment());
        return new Confiture(ConfitureFactory.builder(properties, settings, resourceLoader(), environment(),
                beanFactory().getBeanProvider(Migration.class).orderedStream().toList(),
                beanFactory().getBeanProvider(MigrationListener.class).orderedStream().toList(),
                ConfitureFactory.centralLogDataSource(properties.getCentralLog(), null)).build());
    }

    private ConfitureMigrationInitializer initializer(String name, String bean) {
        ConfitureProperties properties = beanFactory().getBean(ConfitureProperties.class);
        StartupMode mode = instance(properties, name).getStartupMode();
        return new ConfitureMigrationInitializer(beanFactory().getBean(bean, Confiture.class), null,
                (mode != null) ? mode : properties.getStartupMode(), beanFactory().getBean(bean + "Startup", ConfitureStartup.class),
                beanFactory().getBeanProvider(ObservationRegistry.class).getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    private DataSource dataSource(String name, ConfitureProperties.Instance instance) {
        if (instance.getDataSource() != null) {
            return beanFactory().getBean(instance.getDataSource(), DataSource.class);
        }
        if (instance.getUrl() != null) {
            return ConfitureFactory.urlDataSource(instance.getUrl(), instance.getUser(), instance.getPassword());
        }
        DataSource application = beanFactory().getBeanProvider(DataSource.class).getIfUnique();
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
