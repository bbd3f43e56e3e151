package dev.confiture.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Small, realistic generated migrations, the same SQL for every contender. Every four migrations build one
 * table: create it, add a column, index it, insert a row. Written as
 * <ul>
 * <li>{@code confiture/{version}_{name}.up.sql} for Confiture,</li>
 * <li>{@code flyway/V{version}__{name}.sql} for Flyway,</li>
 * <li>one script, every migration concatenated, for "the limit",</li>
 * <li>{@code schema/10_tables/{n}_tb_item_{n}.sql}: the final schema the migrations build, for build from DDL.</li>
 * </ul>
 */
final class GeneratedMigrations {

    private static final int STEPS_PER_TABLE = 4;

    private final Path root;

    private final int count;

    private final String script;

    private GeneratedMigrations(Path root, int count, String script) {
        this.root = root;
        this.count = count;
        this.script = script;
    }

    /**
     * @param root an empty directory
     * @param count how many migrations
     * @return the written files
     */
    static GeneratedMigrations write(Path root, int count) {
        try {
            Path confiture = Files.createDirectories(root.resolve("confiture"));
            Path flyway = Files.createDirectories(root.resolve("flyway"));
            Path tables = Files.createDirectories(root.resolve("schema").resolve("10_tables"));
            int width = Math.max(4, Integer.toString(count).length());
            StringBuilder script = new StringBuilder();
            for (int i = 1; i <= count; i++) {
                String version = String.format(Locale.ROOT, "%0" + width + "d", i);
                String name = name(i, width);
                String sql = "-- generated for the Confiture benchmarks\n" + sql(i, width);
                Files.writeString(confiture.resolve(version + "_" + name + ".up.sql"), sql, StandardCharsets.UTF_8);
                Files.writeString(flyway.resolve("V" + version + "__" + name + ".sql"), sql, StandardCharsets.UTF_8);
                script.append(sql);
            }
            int tableCount = (count + STEPS_PER_TABLE - 1) / STEPS_PER_TABLE;
            for (int table = 1; table <= tableCount; table++) {
                int lastStep = Math.min(STEPS_PER_TABLE, count - (table - 1) * STEPS_PER_TABLE);
                Files.writeString(tables.resolve(table + "_" + table(table, width) + ".sql"),
                        finalSchema(table, lastStep, width), StandardCharsets.UTF_8);
            }
            return new GeneratedMigrations(root, count, script.toString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write the generated migrations under " + root, ex);
        }
    }

    int count() {
        return count;
    }

    Path confitureDir() {
        return root.resolve("confiture");
    }

    Path flywayDir() {
        return root.resolve("flyway");
    }

    Path schemaDir() {
        return root.resolve("schema");
    }

    /**
     * @return every migration's SQL, concatenated in version order
     */
    String script() {
        return script;
    }

    private static String table(int table, int width) {
        return String.format(Locale.ROOT, "tb_item_%0" + width + "d", table);
    }

    private static String name(int migration, int width) {
        int table = (migration - 1) / STEPS_PER_TABLE + 1;
        String tableName = table(table, width);
        return switch ((migration - 1) % STEPS_PER_TABLE) {
            case 0 -> "create_" + tableName;
            case 1 -> "add_description_to_" + tableName;
            case 2 -> "index_" + tableName + "_created_at";
            default -> "seed_" + tableName;
        };
    }

    private static String sql(int migration, int width) {
        int table = (migration - 1) / STEPS_PER_TABLE + 1;
        String tableName = table(table, width);
        return switch ((migration - 1) % STEPS_PER_TABLE) {
            case 0 -> createTable(tableName, table, width, false);
            case 1 -> "ALTER TABLE " + tableName + " ADD COLUMN description TEXT;\n";
            case 2 -> createIndex(tableName);
            default -> insert(tableName, table, width);
        };
    }

    private static String finalSchema(int table, int lastStep, int width) {
        String tableName = table(table, width);
        StringBuilder sql = new StringBuilder(createTable(tableName, table, width, lastStep >= 2));
        if (lastStep >= 3) {
            sql.append(createIndex(tableName));
        }
        if (lastStep >= 4) {
            sql.append(insert(tableName, table, width));
        }
        return sql.toString();
    }

    private static String createTable(String tableName, int table, int width, boolean withDescription) {
        return "CREATE TABLE " + tableName + " (\n"
                + "    id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE,\n"
                + String.format(Locale.ROOT, "    pk_item_%0" + width + "d BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n", table)
                + "    identifier TEXT NOT NULL UNIQUE,\n"
                + "    created_at TIMESTAMPTZ NOT NULL DEFAULT now()"
                + (withDescription ? ",\n    description TEXT" : "") + "\n);\n";
    }

    private static String createIndex(String tableName) {
        return "CREATE INDEX idx_" + tableName + "_created_at ON " + tableName + " (created_at);\n";
    }

    private static String insert(String tableName, int table, int width) {
        return "INSERT INTO " + tableName + " (identifier, description) VALUES ('"
                + String.format(Locale.ROOT, "item-%0" + width + "d", table) + "', 'generated');\n";
    }
}
