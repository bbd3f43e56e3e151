package dev.confiture;

import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Schema file trees for build, lint and drift tests, and Confiture instances reading them.
 */
final class SchemaTrees {

    private SchemaTrees() {
    }

    /**
     * A generated Trinity schema: {@code 00_extensions/}, {@code 10_tables/<i>_tb_entity_<i>.sql} (numbers not
     * zero-padded, so only numeric ordering applies them in a working order) with a foreign key from each table
     * to the one before, and {@code 20_views/}.
     */
    static MigrationDirectory trinitySchema(Path directory, int tables) {
        MigrationDirectory schema = new MigrationDirectory(directory)
                .write("00_extensions/1_pgcrypto.sql", "CREATE EXTENSION IF NOT EXISTS pgcrypto;\n")
                .write("README.md", "not SQL: ignored\n");
        for (int i = 1; i <= tables; i++) {
            StringBuilder sql = new StringBuilder("-- entity ").append(i).append('\n')
                    .append("CREATE TABLE tb_entity_").append(i).append(" (\n")
                    .append("    pk_entity_").append(i).append(" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n")
                    .append("    id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE,\n")
                    .append("    identifier TEXT NOT NULL UNIQUE,\n");
            if (i > 1) {
                sql.append("    fk_entity_").append(i - 1).append(" BIGINT REFERENCES tb_entity_").append(i - 1)
                        .append(" (pk_entity_").append(i - 1).append("),\n");
            }
            sql.append("    created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);\n");
            if (i > 1) {
                sql.append("CREATE INDEX idx_tb_entity_").append(i).append("_fk ON tb_entity_").append(i)
                        .append(" (fk_entity_").append(i - 1).append(");\n");
            }
            schema.write("10_tables/" + i + "_tb_entity_" + i + ".sql", sql.toString());
        }
        schema.write("20_views/1_v_entity.sql", "CREATE VIEW v_entity_1 AS SELECT id, identifier FROM tb_entity_1;\n"
                + "CREATE VIEW tv_entity_2 AS SELECT e.id, e.identifier, p.id AS parent_id FROM tb_entity_2 e "
                + "LEFT JOIN tb_entity_1 p ON p.pk_entity_1 = e.fk_entity_1;\n");
        return schema;
    }

    static Confiture confiture(TestDatabase database, MigrationDirectory schema, MigrationDirectory migrations) {
        return confiture(database, schema, migrations, UnaryOperator.identity());
    }

    static Confiture confiture(TestDatabase database, MigrationDirectory schema, MigrationDirectory migrations,
            UnaryOperator<ConfitureConfiguration.Builder> customizer) {
        return new Confiture(customizer.apply(ConfitureConfiguration.builder()
                .dataSource(database.dataSource())
                .locations(migrations.location())
                .schemaLocations(schema.location())).build());
    }
}
