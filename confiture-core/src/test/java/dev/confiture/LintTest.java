package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.config.LintRule;
import dev.confiture.schema.lint.LintFinding;
import dev.confiture.schema.lint.LintReport;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trinity lint on the catalog of the schema the DDL files build.
 */
@ExtendWith(PostgresExtension.class)
class LintTest {

    @TempDir
    Path directory;

    private MigrationDirectory schema(String sql) {
        return new MigrationDirectory(directory.resolve("schema")).write("schema.sql", sql);
    }

    private Confiture confiture(TestDatabase database, MigrationDirectory schema, String... disabled) {
        return SchemaTrees.confiture(database, schema, new MigrationDirectory(directory.resolve("migration")),
                builder -> builder.disabledLintRules(disabled));
    }

    @Test
    void aGeneratedTrinitySchemaIsClean(TestDatabase database) {
        LintReport report = SchemaTrees.confiture(database, SchemaTrees.trinitySchema(directory.resolve("schema"), 20),
                new MigrationDirectory(directory.resolve("migration"))).lint();

        assertThat(report.findings()).isEmpty();
        assertThat(report.checkedRules()).containsExactly("trinity-id-uuid", "trinity-pk-identity", "view-prefix",
                "fk-references-pk");
        assertThat(Sql.tableExists(database, "tb_entity_1")).as("lint leaves nothing behind").isFalse();
    }

    @Test
    void aTbTableWithoutIdUuidIsNamedWithTheRule(TestDatabase database) {
        MigrationDirectory schema = schema("CREATE TABLE tb_order (pk_order BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                + "total numeric);\n");

        LintReport report = confiture(database, schema).lint();

        assertThat(report.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.rule()).isEqualTo(LintRule.TRINITY_ID_UUID);
            assertThat(finding.object()).isEqualTo("public.tb_order");
            assertThat(finding.message()).contains("public.tb_order", "id UUID", "trinity-id-uuid");
            assertThat(finding.hint()).contains("disabledLintRules(\"trinity-id-uuid\")");
        });
        assertThat(report.hasErrors()).isTrue();
        assertThatThrownBy(report::requireNoErrors).isInstanceOfSatisfying(ConfitureException.class,
                ex -> assertThat(ex.code()).isEqualTo(ErrorCode.LINT_FAILED)).hasMessageContaining("public.tb_order");
    }

    @Test
    void anIdOfTheWrongTypeAndAPkThatIsNoIdentityAreFound(TestDatabase database) {
        MigrationDirectory schema = schema("CREATE TABLE tb_a (pk_a bigserial PRIMARY KEY, id integer);\n"
                + "CREATE TABLE tb_b (pk_b integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id uuid);\n"
                + "CREATE TABLE tb_c (id uuid);\n");

        LintReport report = confiture(database, schema).lint();

        assertThat(report.findings()).extracting(LintFinding::toString).containsExactly(
                "[trinity-id-uuid] Column public.tb_a.id is integer, not uuid (rule trinity-id-uuid: tb_ tables have a column id UUID)",
                "[trinity-pk-identity] Column public.tb_a.pk_a is not an identity column (rule trinity-pk-identity: "
                        + "tb_<entity> tables have pk_<entity> BIGINT GENERATED ... AS IDENTITY)",
                "[trinity-pk-identity] Column public.tb_b.pk_b is integer, not bigint (rule trinity-pk-identity: "
                        + "tb_<entity> tables have pk_<entity> BIGINT GENERATED ... AS IDENTITY)",
                "[trinity-pk-identity] Table public.tb_c has no column pk_c BIGINT identity (rule trinity-pk-identity: "
                        + "tb_<entity> tables have pk_<entity> BIGINT GENERATED ... AS IDENTITY)");
    }

    @Test
    void viewsWithoutPrefixAndForeignKeysToIdAreFound(TestDatabase database) {
        MigrationDirectory schema = schema("""
                CREATE TABLE tb_customer (pk_customer BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE);
                CREATE TABLE tb_order (pk_order BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id UUID UNIQUE,
                    customer_id UUID CONSTRAINT fk_order_customer REFERENCES tb_customer (id));
                CREATE VIEW customers AS SELECT id FROM tb_customer;
                CREATE MATERIALIZED VIEW order_totals AS SELECT count(*) FROM tb_order;
                CREATE VIEW v_customer AS SELECT id FROM tb_customer;
                """);

        LintReport report = confiture(database, schema).lint();

        assertThat(report.findings(LintRule.VIEW_PREFIX)).extracting(LintFinding::object)
                .containsExactly("public.customers", "public.order_totals");
        assertThat(report.findings(LintRule.FK_REFERENCES_PK)).singleElement().satisfies(finding -> assertThat(
                finding.message()).contains("fk_order_customer", "public.tb_order", "public.tb_customer(id)", "fk-references-pk"));
    }

    @Test
    void rulesCanBeSwitchedOffOneByOne(TestDatabase database) {
        MigrationDirectory schema = schema("CREATE TABLE tb_order (total numeric);\nCREATE VIEW orders AS SELECT 1;\n");

        LintReport report = confiture(database, schema, "trinity-id-uuid", "view-prefix").lint();

        assertThat(report.findings()).extracting(LintFinding::rule).containsExactly(LintRule.TRINITY_PK_IDENTITY);
        assertThat(report.disabledRules()).containsExactly("trinity-id-uuid", "view-prefix");
        assertThat(report.checkedRules()).containsExactly("trinity-pk-identity", "fk-references-pk");
    }

    @Test
    void anUnknownRuleIdIsAConfigurationError(TestDatabase database) {
        assertThatThrownBy(() -> ConfitureConfiguration.builder().dataSource(database.dataSource())
                .disabledLintRules("view-prefixes").build())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("view-prefixes", "view-prefix");
    }

    @Test
    void theReportSerializesToSnakeCaseJson(TestDatabase database) {
        LintReport report = confiture(database, schema("CREATE TABLE tb_x (pk_x BIGINT GENERATED ALWAYS AS IDENTITY);")).lint();

        String json = JsonMapper.builder().build().writeValueAsString(report);

        assertThat(json).contains("\"rule\":\"trinity-id-uuid\"", "\"severity\":\"error\"", "\"object\":\"public.tb_x\"",
                "\"checked_rules\":[", "\"has_errors\":true");
    }
}
