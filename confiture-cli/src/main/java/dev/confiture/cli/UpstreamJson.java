package dev.confiture.cli;

import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.MigrationVersion;
import dev.confiture.status.MigrationStatus;
import dev.confiture.status.StatusReport;
import dev.confiture.tracking.AppliedMigration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * Upstream's {@code migrate status} document. With no migration file and nothing applied it has upstream's
     * empty shape ({@code applied}, {@code pending}, {@code current}, {@code total}, {@code migrations}, {@code hints},
     * and {@code orphaned_migrations} when misnamed files exist); otherwise the populated shape, with
     * {@code resolved_table} when the tracking table exists, {@code warning} when it does not,
     * {@code orphaned_migrations} (misnamed {@code .sql} files, which never run) and {@code duplicate_versions}
     * (version to file names) when there are any.
     */
    static ObjectNode status(StatusReport report, DiscoveredMigrations discovered, boolean trackingTableExists) {
        ObjectNode document = JSON.createObjectNode();
        List<String> orphaned = discovered.misnamedFiles().stream().map(UpstreamJson::fileName).toList();
        if (discovered.migrations().isEmpty() && report.applied().isEmpty()) {
            document.putArray("applied");
            document.putArray("pending");
            document.putNull("current");
            document.put("total", 0);
            document.putArray("migrations");
            if (!orphaned.isEmpty()) {
                strings(document.putArray("orphaned_migrations"), orphaned);
            }
            strings(document.putArray("hints"), List.of("No migration files found: add {version}_{name}.up.sql files "
                    + "to the migrations directory"));
            return document;
        }
        document.put("tracking_table", report.trackingTable());
        if (trackingTableExists) {
            document.put("resolved_table", report.trackingTable());
        }
        strings(document.putArray("applied"), report.applied());
        strings(document.putArray("pending"), report.pending());
        document.put("current", report.current());
        document.put("total", report.total());
        ArrayNode migrations = document.putArray("migrations");
        for (MigrationStatus migration : report.migrations()) {
            ObjectNode item = migrations.addObject();
            item.put("version", migration.version());
            item.put("name", migration.name());
            item.put("status", migration.status().isApplied() ? "applied" : "pending");
            item.put("applied_at", migration.appliedAt());
        }
        ObjectNode summary = document.putObject("summary");
        summary.put("applied", report.summary().applied());
        summary.put("pending", report.summary().pending());
        summary.put("total", report.summary().total());
        strings(document.putArray("hints"), report.hints());
        if (!trackingTableExists) {
            document.put("warning", "The tracking table " + report.trackingTable() + " does not exist yet: no migration "
                    + "is applied; confiture migrate up creates it");
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

    /**
     * Upstream's {@code migrate current} document: the newest applied migration's {@code revision}, {@code name},
     * {@code applied_at} and recorded {@code checksum}; all {@code null} when nothing is applied.
     */
    static ObjectNode current(List<AppliedMigration> rows) {
        Optional<AppliedMigration> newest = newest(rows);
        ObjectNode document = JSON.createObjectNode();
        document.put("revision", newest.map(AppliedMigration::version).orElse(null));
        document.put("name", newest.map(AppliedMigration::name).orElse(null));
        document.put("applied_at", newest.map(row -> DateTimeFormatter.ISO_INSTANT.format(
                row.appliedAt().withOffsetSameInstant(ZoneOffset.UTC))).orElse(null));
        document.put("checksum", newest.map(AppliedMigration::checksum).orElse(null));
        return document;
    }

    /**
     * @return the applied row with the highest version (versions compare as numbers); rows whose version is not a
     * number are not migrations this tool orders
     */
    static Optional<AppliedMigration> newest(List<AppliedMigration> rows) {
        return rows.stream().filter(row -> row.version().matches("\\d+"))
                .max(Comparator.comparing(row -> MigrationVersion.parse(row.version())));
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String fileName(String source) {
        return source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    }
}
