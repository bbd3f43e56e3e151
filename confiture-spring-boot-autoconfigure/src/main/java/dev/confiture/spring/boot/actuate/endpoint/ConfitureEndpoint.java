package dev.confiture.spring.boot.actuate.endpoint;

import dev.confiture.Confiture;
import dev.confiture.status.MigrationStatus;
import dev.confiture.status.StatusReport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * {@code /actuator/confiture}: the status of every {@link Confiture} bean, keyed by context id and
 * bean name like {@code /actuator/flyway}, each in the documented status JSON (README, "Status JSON").
 * {@code /actuator/confiture/{version}} gives one migration, keyed by bean name. No SQL text, no
 * credentials.
 */
@Endpoint(id = "confiture")
public class ConfitureEndpoint {

    private final ApplicationContext context;

    /**
     * @param context the context whose (and whose parents') Confiture beans are reported
     */
    public ConfitureEndpoint(ApplicationContext context) {
        this.context = context;
    }

    /**
     * @return the status of every Confiture bean
     */
    @ReadOperation
    public ConfitureBeansDescriptor confitureBeans() {
        Map<@Nullable String, ContextConfitureBeansDescriptor> contexts = new LinkedHashMap<>();
        for (ApplicationContext target = context; target != null; target = target.getParent()) {
            Map<String, StatusReport> beans = new LinkedHashMap<>();
            target.getBeansOfType(Confiture.class).forEach((name, confiture) -> beans.put(name, confiture.status()));
            ApplicationContext parent = target.getParent();
            contexts.put(target.getId(), new ContextConfitureBeansDescriptor(beans, (parent != null) ? parent.getId() : null));
        }
        return new ConfitureBeansDescriptor(contexts);
    }

    /**
     * @param version a migration version, as written in its file name
     * @return that migration in every Confiture bean that knows it, or {@code null} (404) if none does
     */
    @ReadOperation
    public @Nullable ConfitureMigrationDescriptor migration(@Selector String version) {
        Map<String, MigrationStatus> migrations = new LinkedHashMap<>();
        for (ApplicationContext target = context; target != null; target = target.getParent()) {
            target.getBeansOfType(Confiture.class).forEach((name, confiture) -> confiture.status().migration(version)
                    .ifPresent(migration -> migrations.putIfAbsent(name, migration)));
        }
        return migrations.isEmpty() ? null : new ConfitureMigrationDescriptor(migrations);
    }

    /**
     * The endpoint's response: Confiture beans by application context id.
     *
     * @param contexts the contexts
     */
    public record ConfitureBeansDescriptor(Map<@Nullable String, ContextConfitureBeansDescriptor> contexts)
            implements OperationResponseBody {
    }

    /**
     * The Confiture beans of one application context.
     *
     * @param confitureBeans status reports by bean name, each written as {@link dev.confiture.status.StatusJson}
     * writes it (see {@link StatusReportSerializer})
     * @param parentId the parent context's id, if any
     */
    public record ContextConfitureBeansDescriptor(
            @JsonSerialize(contentUsing = StatusReportSerializer.class) Map<String, StatusReport> confitureBeans,
            @Nullable String parentId) {
    }

    /**
     * One migration, by Confiture bean name.
     *
     * @param migrations the migration as each bean sees it
     */
    public record ConfitureMigrationDescriptor(Map<String, MigrationStatus> migrations) implements OperationResponseBody {
    }
}
