package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.config.ConfitureConfiguration;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The properties' defaults equal the core's defaults, and the generated metadata documents them.
 */
class ConfiturePropertiesTest {

    private final ConfitureProperties properties = new ConfitureProperties();

    private final ConfitureConfiguration core = ConfitureConfiguration.builder().dataSource(new SimpleDriverDataSource())
            .build();

    @Test
    void everyDefaultEqualsTheCoresDefault() {
        assertThat(properties.isEnabled()).isTrue();
        assertThat(properties.getLocations()).isEqualTo(core.locations());
        assertThat(properties.isFailOnMissingLocations()).isEqualTo(core.failOnMissingLocations());
        assertThat(properties.getSchema()).isEqualTo(core.trackingTable().schema());
        assertThat(properties.getTable()).isEqualTo(core.trackingTable().table());
        assertThat(properties.getEnvironment()).isEqualTo(core.environment());
        assertThat(properties.getApplicationName()).isEqualTo(core.events().applicationName());
        assertThat(properties.getAppliedBy()).isEqualTo(core.events().appliedBy());
        assertThat(properties.getTarget()).isNull();
        assertThat(core.target()).isNull();
        assertThat(properties.isOutOfOrder()).isEqualTo(core.outOfOrder());
        assertThat(properties.isValidateOnMigrate()).isEqualTo(core.validateOnMigrate());
        assertThat(properties.isBaselineOnMigrate()).isEqualTo(core.baseline().onMigrate());
        assertThat(properties.getBaselineVersion()).isNull();
        assertThat(core.baseline().version()).isNull();
        assertThat(properties.getLockWait()).isEqualTo(core.timeouts().lockWait());
        assertThat(properties.getLockTimeout()).isEqualTo(core.timeouts().lockTimeout());
        assertThat(properties.getLockTimeoutRetries()).isEqualTo(core.timeouts().lockTimeoutRetries());
        assertThat(properties.getStatementTimeout()).isEqualTo(core.timeouts().statementTimeout());
        assertThat(properties.isCleanEnabled()).isEqualTo(core.cleanEnabled()).isFalse();
        assertThat(properties.getSafety().getFailOn()).as("unset: the core's default applies").isNull();
        assertThat(core.safetyFailOn()).isEqualTo(dev.confiture.config.SafetyGate.NEVER);
        assertThat(properties.getPlaceholders()).isEqualTo(core.placeholders().values());
        assertThat(properties.isPlaceholderReplacement()).isEqualTo(core.placeholders().replace());
        assertThat(properties.isPlaceholdersInDollarQuotes()).isEqualTo(core.placeholders().inDollarQuotes());
        assertThat(properties.getStartupMode()).isEqualTo(StartupMode.MIGRATE);
        assertThat(properties.getOnFailure()).isEqualTo(core.onFailure());
        assertThat(properties.getApprovalEnvironments()).isEqualTo(core.approvalGate().environments());
        assertThat(properties.getCentralLog().getUrl()).isNull();
        assertThat(core.events().centralEventLog()).isNull();
        assertThat(properties.getHeartbeat().getExpireAfter()).isEqualTo(core.instances().expireAfter());
        assertThat(properties.isHoldContract()).isEqualTo(core.instances().holdContract()).isTrue();
        assertThat(properties.getHeartbeat().getInterval()).as("several beats fit in the expiry")
                .isLessThanOrEqualTo(core.instances().expireAfter().dividedBy(3));
    }

    @Test
    void generatedMetadataDocumentsTheDefaults() throws Exception {
        Map<String, JsonNode> metadata = new HashMap<>();
        try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonMapper.builder().build().readTree(json).get("properties")
                    .forEach(property -> metadata.put(property.get("name").asString(), property));
        }
        assertThat(metadata).containsKeys("confiture.enabled", "confiture.locations", "confiture.schema", "confiture.table",
                "confiture.environment", "confiture.startup-mode", "confiture.target", "confiture.baseline-on-migrate",
                "confiture.baseline-version", "confiture.out-of-order", "confiture.lock-wait", "confiture.lock-timeout",
                "confiture.lock-timeout-retries", "confiture.statement-timeout", "confiture.url", "confiture.user",
                "confiture.password", "confiture.validate-on-migrate", "confiture.fail-on-missing-locations",
                "confiture.application-name", "confiture.applied-by", "confiture.on-failure",
                "confiture.approval-environments", "confiture.central-log.url", "confiture.central-log.user",
                "confiture.central-log.password", "confiture.placeholders", "confiture.placeholder-replacement",
                "confiture.placeholders-in-dollar-quotes", "confiture.clean-enabled", "confiture.safety.fail-on");
        assertThat(metadata.values()).allSatisfy(property -> assertThat(property.get("description")).isNotNull());
        assertThat(metadata.get("confiture.locations").get("defaultValue").get(0).asString())
                .isEqualTo(properties.getLocations().get(0));
        assertThat(metadata.get("confiture.schema").get("defaultValue").asString()).isEqualTo(properties.getSchema());
        assertThat(metadata.get("confiture.table").get("defaultValue").asString()).isEqualTo(properties.getTable());
        assertThat(metadata.get("confiture.environment").get("defaultValue").asString())
                .isEqualTo(properties.getEnvironment());
        assertThat(metadata.get("confiture.lock-timeout-retries").get("defaultValue").asInt())
                .isEqualTo(properties.getLockTimeoutRetries());
        ApplicationConversionService conversion = new ApplicationConversionService();
        for (String duration : List.of("confiture.lock-wait", "confiture.lock-timeout")) {
            java.time.Duration documented = conversion.convert(metadata.get(duration).get("defaultValue").asString(),
                    java.time.Duration.class);
            assertThat(documented).isEqualTo(duration.endsWith("wait") ? properties.getLockWait() : properties.getLockTimeout());
        }
        assertThat(metadata.get("confiture.startup-mode").get("defaultValue").asString()).isEqualTo("migrate");
        assertThat(metadata.get("confiture.on-failure").get("defaultValue").asString()).isEqualTo("fail");
        assertThat(metadata.get("confiture.approval-environments").get("defaultValue").get(0).asString())
                .isEqualTo(properties.getApprovalEnvironments().get(0));
        assertThat(metadata.get("confiture.tenants.parallelism").get("defaultValue").asInt())
                .isEqualTo(properties.getTenants().getParallelism())
                .isEqualTo(dev.confiture.tenant.TenantSettings.DEFAULT_PARALLELISM);
        assertThat(metadata.get("confiture.tenants.locations").get("defaultValue").get(0).asString())
                .isEqualTo(properties.getTenants().getLocations().get(0));
        assertThat(metadata.get("management.health.confiture.enabled").get("defaultValue").asBoolean()).isTrue();
        assertThat(metadata.get("management.health.confiture.enabled").get("type").asString())
                .isEqualTo("java.lang.Boolean");
    }
}
