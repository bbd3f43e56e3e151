package dev.confiture.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationModelTest {

    private static final Migration PLAIN = new Migration() {

        @Override
        public String version() {
            return "002";
        }

        @Override
        public String name() {
            return "backfill";
        }

        @Override
        public void up(Connection connection) {
        }
    };

    private static ScriptFile script(String text) {
        return new ScriptFile("/m/001_x.up.sql", text.getBytes(StandardCharsets.UTF_8), text);
    }

    @Test
    void javaMigrationDefaults() {
        assertThat(PLAIN.reversible()).isFalse();
        assertThat(PLAIN.metadata()).isSameAs(MigrationMetadata.NONE);
        assertThat(PLAIN.checksum()).isNull();
        assertThatThrownBy(() -> PLAIN.down(null)).isInstanceOf(UnsupportedOperationException.class)
            .hasMessage("Migration 002_backfill (" + PLAIN.getClass().getName() + ") is not reversible: override "
                    + "reversible() to return true and implement down(Connection)");
    }

    @Test
    void scriptFileKeepsItsBytesToItself() {
        byte[] bytes = "SELECT 1;".getBytes(StandardCharsets.UTF_8);
        ScriptFile file = new ScriptFile("/m/001_x.up.sql", bytes, "SELECT 1;");
        bytes[0] = 'X';
        assertThat(file.bytes()).startsWith('S');
        file.bytes()[0] = 'X';
        assertThat(file.bytes()).startsWith('S');
    }

    @Test
    void scriptFilesAreEqualByContent() {
        assertThat(script("SELECT 1;")).isEqualTo(script("SELECT 1;")).hasSameHashCodeAs(script("SELECT 1;"))
            .isNotEqualTo(script("SELECT 2;"))
            .isNotEqualTo(new ScriptFile("/m/other.up.sql", "SELECT 1;".getBytes(StandardCharsets.UTF_8), "SELECT 1;"));
        assertThat(script("SELECT 1;")).hasToString("ScriptFile[/m/001_x.up.sql, 9 bytes]");
    }

    @Test
    void resolvedMigrationReversibility() {
        MigrationVersion version = MigrationVersion.parse("001");
        ResolvedMigration upOnly = new ResolvedMigration(version, "x", "001_x",
                MigrationType.SQL, "c", MigrationMetadata.NONE, "/m/001_x.up.sql", script(""), null, null);
        ResolvedMigration withDown = new ResolvedMigration(version, "x", "001_x",
                MigrationType.SQL, "c", MigrationMetadata.NONE, "/m/001_x.up.sql", script(""), script(""), null);
        ResolvedMigration java = new ResolvedMigration(MigrationVersion.parse("002"), "backfill", "002_backfill", MigrationType.JAVA, null, MigrationMetadata.NONE, "Backfill", null,
                null, PLAIN);
        assertThat(upOnly.reversible()).isFalse();
        assertThat(withDown.reversible()).isTrue();
        assertThat(java.reversible()).isFalse();
        assertThat(upOnly.id()).as("the name-based id of the slug").isEqualTo(MigrationIds.idOf("001_x"));
        assertThat(java.id()).isEqualTo(MigrationIds.idOf("002_backfill"));
    }

    @Test
    void resolvedMigrationComponentsMustFitTheType() {
        MigrationVersion version = MigrationVersion.parse("001");
        assertThatIllegalArgumentException().isThrownBy(() -> new ResolvedMigration(version, "x", "001_x", MigrationType.SQL, null, MigrationMetadata.NONE, "s", null, null, null))
            .withMessageContaining("001_x");
        assertThatIllegalArgumentException().isThrownBy(() -> new ResolvedMigration(version, "x", "001_x", MigrationType.JAVA, null, MigrationMetadata.NONE, "s", script(""), null,
                PLAIN));
        assertThatIllegalArgumentException().isThrownBy(() -> new ResolvedMigration(version, "x", "001_x", MigrationType.SQL, null, MigrationMetadata.NONE, "s", script(""), null,
                PLAIN));
    }

    @Test
    void discoveredMigrationsAreImmutableCopies() {
        List<ResolvedMigration> migrations = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        DiscoveredMigrations discovered = new DiscoveredMigrations(migrations, problems);
        problems.add(new Problem(ErrorCode.DUPLICATE_VERSION, "1", "m", null, null));
        assertThat(discovered.hasProblems()).isFalse();
        assertThatThrownBy(() -> discovered.problems().add(problems.get(0)))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new DiscoveredMigrations(migrations, problems).hasProblems()).isTrue();
    }
}
