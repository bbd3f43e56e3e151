package dev.confiture.spring.boot.autoconfigure;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the beans of every named instance ({@code confiture.instances.<name>.*}): the Confiture
 * {@code confiture.<name>}, its startup tracker and initializer (so JPA and JDBC beans wait for it,
 * like for the default instance); its health is a child of the {@code confiture} contributor (see
 * {@link ConfitureHealthContributorAutoConfiguration}). A {@link ConfitureMigrationStrategy} applies to the default
 * instance only.
 *
 * <p>Each definition is a static factory method of {@link NamedInstanceBeans} with the instance's name as its one
 * explicit argument (the rest autowired), so that Spring AOT can write it as code: with AOT the instances are the ones
 * configured when the application was processed.
 */
final class ConfitureInstancesRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    private @Nullable Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Environment environment = Objects.requireNonNull(this.environment, "Spring sets the environment first");
        Map<String, ConfitureProperties.Instance> instances = Binder.get(environment)
                .bind("confiture.instances", Bindable.mapOf(String.class, ConfitureProperties.Instance.class))
                .orElse(Map.of());
        for (String name : instances.keySet()) {
            String bean = "confiture." + name;
            registry.registerBeanDefinition(bean, factoryMethod(NamedInstanceBeans.class, "confiture", name));
            RootBeanDefinition startup = new RootBeanDefinition(ConfitureStartup.class);
            startup.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
            registry.registerBeanDefinition(bean + "Startup", startup);
            registry.registerBeanDefinition(bean + "Initializer",
                    factoryMethod(NamedInstanceBeans.class, "initializer", name));
        }
    }

    private static RootBeanDefinition factoryMethod(Class<?> factory, String method, String instanceName) {
        RootBeanDefinition definition = new RootBeanDefinition(factory);
        definition.setFactoryMethodName(method);
        definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, instanceName);
        definition.setRole(BeanDefinition.ROLE_APPLICATION);
        return definition;
    }
}
