package dev.confiture.schema;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.migration.LocationScanner;
import dev.confiture.migration.MigrationResource;
import dev.confiture.sql.SqlScript;
import dev.confiture.sql.SqlScriptParser;
import dev.confiture.sql.SqlStatement;
import dev.confiture.sql.TransactionControl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Reads the schema files: every {@code .sql} file under the schema locations (other files are
 * ignored), location by location in the configured order, each location's files in
 * {@link SchemaFileOrder}. Files must be UTF-8 (a byte order mark is skipped) and must not contain
 * statements that cannot be part of one transaction.
 */
public final class SchemaFiles {

    private SchemaFiles() {
    }

    /**
     * @param configuration the configuration ({@code schemaLocations} or {@code schemaResources})
     * @return the files in build order, parsed
     * @throws ConfitureException {@code NO_SCHEMA_FILES} when there is none; {@code INVALID_ENCODING},
     * {@code UNREADABLE_MIGRATION}, {@code SQL_PARSE_ERROR} or {@code UNSUPPORTED_STATEMENT} naming
     * file and line; {@code LOCATION_NOT_FOUND} or {@code INVALID_CONFIGURATION} for a bad location
     */
    public static List<SchemaFile> load(ConfitureConfiguration configuration) {
        List<SchemaFile> files = new ArrayList<>();
        String where;
        if (configuration.schemaFiles().resources() != null) {
            where = "the configured schema resources";
            files.addAll(read("schema resources", configuration.schemaFiles().resources().get()));
        }
        else {
            where = String.join(", ", configuration.schemaFiles().locations());
            LocationScanner scanner = new LocationScanner(configuration.classLoader(), configuration.failOnMissingLocations());
            for (String location : configuration.schemaFiles().locations()) {
                files.addAll(read(location.strip(), scanner.scan(List.of(location))));
            }
        }
        if (files.isEmpty()) {
            throw new ConfitureException(ErrorCode.NO_SCHEMA_FILES, "No .sql file found in " + where,
                    "Put the DDL files in db/schema/ (e.g. db/schema/10_tables/001_tb_customer.sql), or set the schema "
                            + "locations (ConfitureConfiguration.schemaLocations, e.g. classpath:db/schema)");
        }
        return List.copyOf(files);
    }

    private static List<SchemaFile> read(String location, List<MigrationResource> resources) {
        List<MigrationResource> sql = resources.stream()
                .filter(resource -> resource.path().toLowerCase(Locale.ROOT).endsWith(".sql"))
                .sorted(Comparator.comparing(MigrationResource::path, SchemaFileOrder.PATHS)
                        .thenComparing(MigrationResource::description))
                .toList();
        List<SchemaFile> files = new ArrayList<>(sql.size());
        for (MigrationResource resource : sql) {
            files.add(parse(location, resource));
        }
        return files;
    }

    static SchemaFile parse(String location, MigrationResource resource) {
        String description = resource.description();
        byte[] bytes;
        try {
            bytes = resource.read();
        }
        catch (IOException ex) {
            throw new ConfitureException(ErrorCode.UNREADABLE_MIGRATION, "Cannot read schema file " + description + ": "
                    + ex.getMessage(), null, "Check that the file exists and is readable by this process", ex);
        }
        SqlScript script = SqlScriptParser.parse(decode(bytes, description), description);
        List<SqlStatement> statements = new ArrayList<>();
        for (SqlStatement statement : script.statements()) {
            if (statement.nonTransactionalReason() != null) {
                throw new ConfitureException(ErrorCode.UNSUPPORTED_STATEMENT, "A schema file cannot contain this "
                        + "statement: " + statement.nonTransactionalReason() + ", and the build applies every schema file "
                        + "in one transaction", statement.location(description), "Remove it from the schema files (e.g. "
                        + "CREATE INDEX without CONCURRENTLY: the table is empty when it is built); keep CONCURRENTLY for "
                        + "migrations", null);
            }
            if (statement.transactionControl() == TransactionControl.ROLLBACK) {
                throw new ConfitureException(ErrorCode.UNSUPPORTED_STATEMENT, "ROLLBACK would undo the build's own "
                        + "transaction", statement.location(description), "Remove it from the schema file", null);
            }
            if (statement.transactionControl() == TransactionControl.NONE) {
                statements.add(statement);
            }
        }
        return new SchemaFile(location, resource.path(), description, statements);
    }

    /** Strictly decodes UTF-8, skipping a leading byte order mark. */
    static String decode(byte[] bytes, String description) {
        int start = (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF) ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        }
        catch (CharacterCodingException ex) {
            int bad = firstInvalidByte(bytes, start);
            int line = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ConfitureException(ErrorCode.INVALID_ENCODING, "Schema file is not valid UTF-8 (byte 0x"
                    + String.format("%02X", bytes[bad] & 0xFF) + " at offset " + bad + ")",
                    SourceLocation.of(description, line), "Save the file as UTF-8", ex);
        }
    }

    private static int firstInvalidByte(byte[] bytes, int start) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? Math.min(in.position(), bytes.length - 1) : Math.max(0, bytes.length - 1);
    }
}
