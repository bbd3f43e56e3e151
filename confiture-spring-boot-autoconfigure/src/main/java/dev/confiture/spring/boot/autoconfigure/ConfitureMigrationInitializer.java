package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.api.ConfitureException;
import dev.confiture.spring.boot.observation.ConfitureObservationDocumentation;
import dev.confiture.spring.boot.observation.ConfitureStartupContext;
import dev.confiture.spring.boot.observation.ConfitureStartupObservationConvention;
import dev.confiture.spring.boot.observation.DefaultConfitureStartupObservationConvention;
import dev.confiture.state.ValidateResult;
import io.micrometer.observation.ObservationRegistry;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.Ordered;

/**
 * Runs the startup migration: the {@link ConfitureMigrationStrategy} when one is defined, else what
 * {@code confiture.startup-mode} says. Beans that use the database wait for it (a
 * {@code DatabaseInitializerDetector} marks it as a database initializer), except in async mode,
 * where it only starts the background migration.
 */
public class ConfitureMigrationInitializer implements InitializingBean, DisposableBean, Ordered {

    private static final Logger logger = LoggerFactory.getLogger(ConfitureMigrationInitializer.class);


    private static final ConfitureStartupObservationConvention DEFAULT_CONVENTION =
            new DefaultConfitureStartupObservationConvention();

    private final Confiture confiture;

    private final @Nullable ConfitureMigrationStrategy strategy;

    private final StartupMode mode;

    private final ConfitureStartup startup;

    private final ObservationRegistry observations;

    private final @Nullable ConfitureStartupObservationConvention convention;

    private int order;

    private final BackgroundRun background = new BackgroundRun("the background migration");

    /**
     * @param confiture what to migrate
     * @param strategy replaces the startup mode, or {@code null}
     * @param mode the startup mode
     * @param startup tracks a background migration for health and readiness
     * @param observations where the run is observed ({@link ObservationRegistry#NOOP} for none)
     */
    public ConfitureMigrationInitializer(Confiture confiture, @Nullable ConfitureMigrationStrategy strategy,
            StartupMode mode, ConfitureStartup startup, ObservationRegistry observations) {
        this(confiture, strategy, mode, startup, observations, null);
    }

    /**
     * @param confiture what to migrate
     * @param strategy replaces the startup mode, or {@code null}
     * @param mode the startup mode
     * @param startup tracks a background migration for health and readiness
     * @param observations where the run is observed ({@link ObservationRegistry#NOOP} for none)
     * @param convention names and tags the observation, {@code null} for
     * {@link DefaultConfitureStartupObservationConvention}
     */
    public ConfitureMigrationInitializer(Confiture confiture, @Nullable ConfitureMigrationStrategy strategy,
            StartupMode mode, ConfitureStartup startup, ObservationRegistry observations,
            @Nullable ConfitureStartupObservationConvention convention) {
        this.confiture = confiture;
        this.strategy = strategy;
        this.mode = mode;
        this.startup = startup;
        this.observations = observations;
        this.convention = convention;
    }

    @Override
    public void afterPropertiesSet() {
        if (strategy != null) {
            observed("strategy", () -> strategy.migrate(confiture));
            return;
        }
        switch (mode) {
            case MIGRATE -> observed("migrate", confiture::migrate);
            case VALIDATE -> observed("validate", this::validate);
            case ASYNC -> startInBackground();
            case NONE -> logger.info("confiture.startup-mode=none: not touching the database at startup");
        }
    }

    private void validate() {
        ValidateResult result = confiture.validate();
        if (!result.valid()) {
            String problems = result.errors().stream().map(problem -> "[" + problem.code() + "] " + problem.message()
                    + ((problem.hint() != null) ? ". " + problem.hint() : "")).collect(Collectors.joining("\n  - ", "\n  - ", ""));
            throw new ConfitureException(result.errors().get(0).code(), "Validation of the migrations failed "
                    + "(confiture.startup-mode=validate):" + problems, null);
        }
    }

    private void startInBackground() {
        startup.started();
        background.start("confiture-migrate", () -> {
            try {
                observed("async", confiture::migrate);
                startup.succeeded();
            }
            catch (RuntimeException ex) {
                if (Thread.currentThread().isInterrupted()) {
                    logger.info("Background migration stopped because the application is closing: {}", ex.getMessage());
                }
                else {
                    logger.error("Background migration failed; readiness stays REFUSING_TRAFFIC", ex);
                }
                startup.failed(ex);
            }
        });
        logger.info("confiture.startup-mode=async: migrating in the background; readiness waits for it");
    }

    /**
     * Stops a background migration that is still running when the context closes (see {@link BackgroundRun}).
     */
    @Override
    public void destroy() throws InterruptedException {
        background.stop();
    }

    private void observed(String modeName, Runnable work) {
        ConfitureStartupContext context = new ConfitureStartupContext(confiture.configuration().name(), modeName);
        ConfitureObservationDocumentation.STARTUP.observation(convention, DEFAULT_CONVENTION, () -> context, observations)
                .observe(work);
    }

    @Override
    public int getOrder() {
        return order;
    }

    /**
     * @param order the order of this initializer among other initializers
     */
    public void setOrder(int order) {
        this.order = order;
    }
}
