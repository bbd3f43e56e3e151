package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.spring.boot.actuate.endpoint.ConfitureEndpoint;
import dev.confiture.spring.boot.actuate.endpoint.StatusReportSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * Auto-configures the {@code confiture} Actuator endpoint when Actuator is on the classpath, the
 * endpoint is available (exposed and enabled) and a {@link Confiture} bean exists.
 */
@AutoConfiguration(after = ConfitureAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, Confiture.class })
@ConditionalOnAvailableEndpoint(ConfitureEndpoint.class)
@ImportRuntimeHints(ConfitureEndpointAutoConfiguration.EndpointRuntimeHints.class)
public final class ConfitureEndpointAutoConfiguration {

    @Bean
    @ConditionalOnBean(Confiture.class)
    @ConditionalOnMissingBean
    ConfitureEndpoint confitureEndpoint(ApplicationContext context) {
        return new ConfitureEndpoint(context);
    }

    /**
     * Jackson creates the endpoint's serializer by reflection ({@code @JsonSerialize(contentUsing = ...)}).
     */
    static final class EndpointRuntimeHints implements RuntimeHintsRegistrar {

        @Override
        public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
            hints.reflection().registerType(StatusReportSerializer.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
        }
    }
}
