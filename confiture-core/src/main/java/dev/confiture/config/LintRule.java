package dev.confiture.config;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.confiture.api.Severity;
import dev.confiture.schema.lint.LintReport;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The lint rules. Each one has a stable id (used to switch it off:
 * {@code ConfitureConfiguration.builder().disabledLintRules("view-prefix")}), a severity and what it expects.
 */
public enum LintRule {

    /** A {@code tb_<entity>} table has a column {@code id} of type {@code uuid} (the external, stable id). */
    TRINITY_ID_UUID("trinity-id-uuid", Severity.ERROR, "tb_ tables have a column id UUID"),

    /**
     * A {@code tb_<entity>} table has a column {@code pk_<entity>} of type {@code bigint} that is an identity
     * column ({@code GENERATED ALWAYS|BY DEFAULT AS IDENTITY}, the internal key).
     */
    TRINITY_PK_IDENTITY("trinity-pk-identity", Severity.ERROR,
            "tb_<entity> tables have pk_<entity> BIGINT GENERATED ... AS IDENTITY"),

    /** A view or materialized view is named {@code v_...} or {@code tv_...}. */
    VIEW_PREFIX("view-prefix", Severity.ERROR, "views are named v_ or tv_"),

    /** A foreign key references {@code pk_} columns only (the internal keys, not {@code id} or natural keys). */
    FK_REFERENCES_PK("fk-references-pk", Severity.ERROR, "foreign keys reference pk_ columns");

    private final String id;

    private final Severity severity;

    private final String expectation;

    LintRule(String id, Severity severity, String expectation) {
        this.id = id;
        this.severity = severity;
        this.expectation = expectation;
    }

    /** @return the stable id, e.g. {@code trinity-id-uuid} */
    @JsonValue
    public String id() {
        return id;
    }

    /** @return how serious a finding is: errors make {@link LintReport#hasErrors()} true */
    public Severity severity() {
        return severity;
    }

    /** @return what the rule expects, as a phrase */
    public String expectation() {
        return expectation;
    }

    /**
     * @param id a rule id
     * @return the rule, or {@code null} when no rule has that id
     */
    public static @Nullable LintRule byId(String id) {
        return Arrays.stream(values()).filter(rule -> rule.id.equals(id)).findFirst().orElse(null);
    }

    /** @return every rule id */
    public static List<String> ids() {
        return Arrays.stream(values()).map(LintRule::id).toList();
    }
}
