package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.tenant.TenantMigrations;
import dev.confiture.tenant.TenantRunResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Migrates every tenant schema at startup ({@code confiture.tenants.*}), after the default instance
 * (in the background in async mode; validate mode only reports).
 * A failing tenant does not stop the application (the others keep working); the failure is logged,
 * and the {@code confiture.tenants} health contributor names the failing tenants.
 */
public class ConfitureTenantsInitializer implements InitializingBean, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(ConfitureTenantsInitializer.class);

    private final TenantMigrations tenants;

    private final StartupMode mode;

    private final BackgroundRun background = new BackgroundRun("the tenants' background migrations");

    /**
     * @param tenants the tenant migrations
     * @param mode the startup mode: migrate and async migrate every tenant, validate and none only report
     */
    public ConfitureTenantsInitializer(TenantMigrations tenants, StartupMode mode) {
        this.tenants = tenants;
        this.mode = mode;
    }

    @Override
    public void afterPropertiesSet() {
        switch (mode) {
            case NONE -> logger.info("confiture.startup-mode=none: not touching the tenant schemas at startup");
            case VALIDATE -> report(tenants.status());
            case MIGRATE -> report(tenants.migrate());
            case ASYNC -> background.start("confiture-tenants", () -> {
                try {
                    report(tenants.migrate());
                }
                catch (RuntimeException ex) {
                    logger.info("Tenant migrations stopped: {}", ex.getMessage());
                }
            });
        }
    }

    /**
     * Stops the tenants' background migrations when the context closes (see {@link BackgroundRun}).
     */
    @Override
    public void destroy() throws InterruptedException {
        background.stop();
    }

    private static void report(TenantRunResult result) {
        result.failures().forEach(failure -> logger.error("Tenant {} failed: {}", failure.schema(), failure.error()));
        logger.info("Tenants: {}", result.summary());
    }
}
