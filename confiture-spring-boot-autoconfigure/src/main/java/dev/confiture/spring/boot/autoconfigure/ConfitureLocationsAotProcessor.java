package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.config.ConfitureConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Registers the files of every configured {@code classpath:} migration location (the default instance's, each named
 * instance's, the tenants') as native-image resources, from the configuration the application is processed with.
 * {@code filesystem:} locations are read from disk and need no hint.
 */
final class ConfitureLocationsAotProcessor implements BeanFactoryInitializationAotProcessor {

    @Override
    public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        if (!beanFactory.containsBean("environment")) {
            return null;
        }
        List<String> patterns = patterns(locations(beanFactory.getBean("environment", Environment.class)));
        return patterns.isEmpty() ? null : (generationContext, code) -> patterns
                .forEach(pattern -> generationContext.getRuntimeHints().resources().registerPattern(pattern));
    }

    static List<String> locations(Environment environment) {
        Binder binder = Binder.get(environment);
        List<String> locations = new ArrayList<>(binder.bind("confiture.locations", Bindable.listOf(String.class))
                .orElse(List.of(ConfitureConfiguration.DEFAULT_LOCATION)));
        binder.bind("confiture.tenants.locations", Bindable.listOf(String.class)).ifBound(locations::addAll);
        Map<String, ConfitureProperties.Instance> instances = binder
                .bind("confiture.instances", Bindable.mapOf(String.class, ConfitureProperties.Instance.class))
                .orElse(Map.of());
        instances.forEach((name, instance) -> locations.addAll(
                (instance.getLocations() != null) ? instance.getLocations() : List.of("classpath:db/" + name)));
        return locations;
    }

    static List<String> patterns(List<String> locations) {
        List<String> patterns = new ArrayList<>();
        for (String location : locations) {
            String path = location.startsWith("classpath*:") ? location.substring("classpath*:".length())
                    : location.startsWith("classpath:") ? location.substring("classpath:".length()) : null;
            if (path != null) {
                String directory = path.replaceAll("^/+|/+$", "");
                patterns.add(directory.isEmpty() ? "**" : directory + "/**");
            }
        }
        return patterns;
    }
}
