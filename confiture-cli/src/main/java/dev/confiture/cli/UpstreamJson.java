package dev.confiture.cli;

import dev.confiture.api.Problem;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.tracking.AppliedMigration;
import dev.confiture.tracking.TableName;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream Confiture's JSON documents, exactly, for consumers that validate against upstream's strict schemas
 * ({@code additionalProperties: false}): {@code migrate status --format upstream-json} and {@code migrate current
 * --format json}. Our own status document is a superset that such consumers reject.
 */
final class UpstreamJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private UpstreamJson() {
    }

    /**
     * What the database told {@code migrate status}: the tracking rows, or that the table does not exist, or that it
     * could not be read.
     *
     * @param rows the tracking rows; {@code null} when the table does not exist or could not be read
     * @param error why the database could not be read, or {@code null}
     */
    record Database(@Nullable List<AppliedMigration> rows, @Nullable String error) {

        static Database read(List<AppliedMigration> rows) {
            return new Database(rows, null);
        }

        static Database withoutTrackingTable() {
            return new Database(null, null);
        }

        static Database unreachable(String error) {
            return new Database(null, error);
        }
    }

    /**
     * Upstream's {@code migrate status} document, built as upstream builds it: from the migration <em>files</em>
     * (every up file and Python migration, duplicates included; rows without a file are not listed), each
     * {@code applied} when the tracking table has its version, {@code pending} when not, {@code unknown} when the
     * database could not be read. {@code current} is the highest applied file version. Without migration files it
     * has upstream's empty shape; otherwise the populated one, with {@code resolved_table} (null when the table does
     * not exist), {@code warning} when the table does not exist or the database could not be read,
     * {@code orphaned_migrations} (misnamed {@code .sql} files, which never run) and {@code duplicate_versions}.
     * This tool's own errors in the files (which make {@code migrate up} refuse) are listed in {@code hints}.
     */
    static ObjectNode status(DiscoveredMigrations discovered, TableName table, Database database,
            List<Problem> problems) {
        // upstream prints the name as configured (a bare name in public), and the relation it read, qualified
        String trackingTable = table.schema().equals("public") ? table.table() : table.display();
        ObjectNode document = JSON.createObjectNode();
        List<String> orphaned = discovered.misnamedFiles().stream().map(UpstreamJson::fileName).toList();
        List<FileEntry> files = files(discovered);
        if (files.isEmpty()) {
            document.putArray("applied");
            document.putArray("pending");
            document.putNull("current");
            document.put("total", 0);
            document.putArray("migrations");
            strings(document.putArray("hints"), List.of());
            if (!orphaned.isEmpty()) {
                strings(document.putArray("orphaned_migrations"), orphaned);
            }
            return document;
        }
        Map<BigInteger, AppliedMigration> applied = new HashMap<>();
        if (database.rows() != null) {
            database.rows().stream().filter(row -> row.version().matches("\\d+"))
                    .forEach(row -> applied.put(new BigInteger(row.version()), row));
        }
        List<String> appliedVersions = new ArrayList<>();
        List<String> pendingVersions = new ArrayList<>();
        ArrayNode migrations = JSON.createArrayNode();
        for (FileEntry file : files) {
            AppliedMigration row = (file.version() != null) ? applied.get(file.version()) : null;
            String status = (database.error() != null) ? "unknown" : (row != null) ? "applied" : "pending";
            if (status.equals("applied")) {
                appliedVersions.add(file.versionText());
            }
            else if (status.equals("pending")) {
                pendingVersions.add(file.versionText());
            }
            ObjectNode item = migrations.addObject();
            item.put("version", file.versionText());
            item.put("name", file.name());
            item.put("status", status);
            item.put("applied_at", (row != null) ? instant(row) : null);
        }
        document.put("tracking_table", trackingTable);
        document.put("resolved_table", (database.rows() != null) ? table.display() : null);
        strings(document.putArray("applied"), appliedVersions);
        strings(document.putArray("pending"), pendingVersions);
        document.put("current", appliedVersions.isEmpty() ? null : appliedVersions.get(appliedVersions.size() - 1));
        document.put("total", files.size());
        document.set("migrations", migrations);
        ObjectNode summary = document.putObject("summary");
        summary.put("applied", appliedVersions.size());
        summary.put("pending", pendingVersions.size());
        summary.put("total", files.size());
        strings(document.putArray("hints"), hints(database, problems));
        if (database.error() != null) {
            document.put("warning", "Could not connect to database: " + database.error());
        }
        else if (database.rows() == null) {
            document.put("warning", trackingTable + " not found in this database. All migrations shown as 'pending'. "
                    + "Run `confiture migrate up` to apply all migrations, or `confiture migrate baseline --through "
                    + "<version>` if the schema is already applied.");
        }
        if (!orphaned.isEmpty()) {
            strings(document.putArray("orphaned_migrations"), orphaned);
        }
        if (!discovered.duplicateVersions().isEmpty()) {
            ObjectNode duplicates = document.putObject("duplicate_versions");
            for (Map.Entry<String, List<String>> duplicate : discovered.duplicateVersions().entrySet()) {
                strings(duplicates.putArray(duplicate.getKey()), duplicate.getValue().stream().map(UpstreamJson::fileName)
                        .toList());
            }
        }
        return document;
    }

    private static List<String> hints(Database database, List<Problem> problems) {
        List<String> hints = new ArrayList<>();
        if (database.error() == null && database.rows() == null) {
            hints.add("Tracking table not found in this database. All migrations are reported 'pending' \u2014 if the "
                    + "schema is already applied, run `confiture migrate baseline --through <version>` first.");
        }
        for (Problem problem : problems) {
            if (problem.isError()) {
                hints.add("error [" + problem.code() + "]" + ((problem.version() != null) ? " " + problem.version() : "")
                        + ": " + problem.message() + ((problem.hint() != null) ? " Fix: " + problem.hint() : ""));
            }
        }
        return hints;
    }

    /**
     * One migration file as upstream lists it: every up file (duplicates too), every Python migration, and the Java
     * migrations this tool runs; in upstream's order, by the version as written.
     */
    private record FileEntry(String versionText, String name, @Nullable BigInteger version) {

        static FileEntry of(String fileName) {
            String base = fileName.endsWith(".up.sql") ? fileName.substring(0, fileName.length() - ".up.sql".length())
                    : fileName.endsWith(".py") ? fileName.substring(0, fileName.length() - ".py".length()) : fileName;
            int underscore = base.indexOf('_');
            String version = (underscore > 0) ? base.substring(0, underscore) : base;
            return new FileEntry(version, (underscore > 0) ? base.substring(underscore + 1) : base,
                    version.matches("\\d+") ? new BigInteger(version) : null);
        }
    }

    private static List<FileEntry> files(DiscoveredMigrations discovered) {
        List<FileEntry> files = new ArrayList<>();
        for (ResolvedMigration migration : discovered.migrations()) {
            files.add(new FileEntry(migration.version().text(), migration.name(), migration.version().value()));
        }
        discovered.duplicateVersions().values().forEach(sources -> sources.forEach(source -> files.add(FileEntry.of(
                fileName(source)))));
        discovered.pythonFiles().forEach(source -> files.add(FileEntry.of(fileName(source))));
        files.sort(Comparator.comparing(FileEntry::versionText).thenComparing(FileEntry::name));
        return files;
    }

    /**
     * Upstream's {@code migrate current} document: the most recently applied migration's {@code revision},
     * {@code name}, {@code applied_at} and recorded {@code checksum}; all {@code null} when nothing is applied.
     */
    static ObjectNode current(List<AppliedMigration> rows) {
        Optional<AppliedMigration> newest = newest(rows);
        ObjectNode document = JSON.createObjectNode();
        document.put("revision", newest.map(AppliedMigration::version).orElse(null));
        document.put("name", newest.map(AppliedMigration::name).orElse(null));
        document.put("applied_at", newest.map(UpstreamJson::instant).orElse(null));
        document.put("checksum", newest.map(AppliedMigration::checksum).orElse(null));
        return document;
    }

    /**
     * @return the most recently applied row, as upstream picks it ({@code ORDER BY applied_at DESC}; the later row
     * of the table on a tie)
     */
    static Optional<AppliedMigration> newest(List<AppliedMigration> rows) {
        AppliedMigration newest = null;
        for (AppliedMigration row : rows) {
            if (newest == null || !row.appliedAt().isBefore(newest.appliedAt())) {
                newest = row;
            }
        }
        return Optional.ofNullable(newest);
    }

    /**
     * A timestamp as upstream prints it (Python's {@code isoformat()} of the timestamptz the server returns, in UTC):
     * {@code 2026-11-30T05:00:00.123456+00:00}, without the fraction when it is zero.
     */
    static String instant(AppliedMigration row) {
        java.time.OffsetDateTime utc = row.appliedAt().withOffsetSameInstant(ZoneOffset.UTC);
        String seconds = utc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        int micros = utc.getNano() / 1000;
        return seconds + ((micros != 0) ? String.format(java.util.Locale.ROOT, ".%06d", micros) : "") + "+00:00";
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String fileName(String source) {
        return source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    }
}
