package dev.confiture.spring.boot.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Tells {@link ConfitureStartup} that the application is ready, after Spring Boot published
 * readiness ACCEPTING_TRAFFIC. A run listener rather than an event listener because it must act
 * after that event has reached every listener: setting REFUSING_TRAFFIC from inside the event's
 * dispatch would be overwritten by the ACCEPTING_TRAFFIC still on its way.
 */
public final class ConfitureReadinessRunListener implements SpringApplicationRunListener, Ordered {

    /**
     * @param application the application (required by the run listener contract)
     * @param args the arguments (required by the run listener contract)
     */
    public ConfitureReadinessRunListener(SpringApplication application, String[] args) {
    }

    @Override
    public void ready(ConfigurableApplicationContext context, @Nullable Duration timeTaken) {
        if (context.isActive()) {
            context.getBeanProvider(ConfitureStartup.class).orderedStream().forEach(ConfitureStartup::applicationReady);
        }
    }

    /**
     * After Spring Boot's own run listener (order 0), which publishes ACCEPTING_TRAFFIC.
     * @return 1
     */
    @Override
    public int getOrder() {
        return 1;
    }
}
