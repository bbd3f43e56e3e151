package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ${VAR} and ${VAR:-default} in environment-file values.
 */
class SubstitutionTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("DB_HOST", "db.internal", "DB_PASSWORD", "s3cret",
            "EMPTY", "");

    @Test
    void variablesAreReplaced() {
        assertThat(Substitution.apply("postgresql://app:${DB_PASSWORD}@${DB_HOST}:5432/app", ENVIRONMENT, "f"))
                .isEqualTo("postgresql://app:s3cret@db.internal:5432/app");
        assertThat(Substitution.apply("no references", ENVIRONMENT, "f")).isEqualTo("no references");
        assertThat(Substitution.apply("$HOME and $ alone", ENVIRONMENT, "f")).isEqualTo("$HOME and $ alone");
    }

    @Test
    void theDefaultAppliesWhenTheVariableIsUnsetOrEmpty() {
        assertThat(Substitution.apply("${DB_PORT:-5432}", ENVIRONMENT, "f")).isEqualTo("5432");
        assertThat(Substitution.apply("${EMPTY:-fallback}", ENVIRONMENT, "f")).isEqualTo("fallback");
        assertThat(Substitution.apply("${DB_HOST:-localhost}", ENVIRONMENT, "f")).isEqualTo("db.internal");
        assertThat(Substitution.apply("x${NOT_SET:-}y", ENVIRONMENT, "f")).isEqualTo("xy");
        assertThat(Substitution.apply("${NOT_SET:-postgresql://u@h:5432/db?a=b}", ENVIRONMENT, "f"))
                .isEqualTo("postgresql://u@h:5432/db?a=b");
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAnErrorNamingIt() {
        assertThatThrownBy(() -> Substitution.apply("${DB_USER}@host", ENVIRONMENT, "db/environments/prod.yaml, line 2: database_url"))
                .isInstanceOf(UsageException.class)
                .hasMessage("db/environments/prod.yaml, line 2: database_url uses ${DB_USER}, which is not set; set the "
                        + "environment variable DB_USER or give a default: ${DB_USER:-value}");
        assertThatThrownBy(() -> Substitution.apply("${EMPTY}", ENVIRONMENT, "f")).isInstanceOf(UsageException.class);
    }

    @Test
    void aMalformedReferenceIsAnError() {
        assertThatThrownBy(() -> Substitution.apply("postgresql://${DB HOST}/db", ENVIRONMENT, "f: database_url"))
                .isInstanceOf(UsageException.class).hasMessageContaining("malformed reference '${DB HOST}/db'");
        assertThatThrownBy(() -> Substitution.apply("${DB_HOST", ENVIRONMENT, "f")).isInstanceOf(UsageException.class);
    }
}
