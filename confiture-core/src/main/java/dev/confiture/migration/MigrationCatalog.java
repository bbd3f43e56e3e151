package dev.confiture.migration;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.api.SourceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns the resources found in migration locations and the Java migrations into an ordered list of
 * migrations, plus the problems found.
 * <p>
 * Rules: files not ending in {@code .sql} are ignored; every {@code .sql} file must be named
 * {@code {version}_{name}.up.sql} or {@code {version}_{name}.down.sql} ({@code version} digits
 * only, compared as a number; {@code name} {@code [A-Za-z0-9_-]+}), be valid UTF-8 and have valid
 * {@code -- confiture:} headers (a down file's headers are checked but not used). A version must
 * belong to one migration only (file or Java), and a down file needs the up file of the same
 * version text and name. Each file that breaks a rule is reported as a {@link Problem} and left
 * out; an up file whose down file is broken stays, without it.
 */
public final class MigrationCatalog {

    /**
     * About how many bytes of heap reading one byte of a migration takes (its bytes, its text, its lines, its
     * statements), measured with files of comment lines and short statements: a file whose cost exceeds the heap is
     * refused up front with a one-line error instead of an {@code OutOfMemoryError} half way.
     */
    static final int READ_COST_FACTOR = 16;

    /**
     * Above this size an up file of a versioned migration is never held whole: discovery reads it once for its
     * checksum, encoding and headers, and planning and applying read it again statement by statement
     * ({@link ScriptFile#streamed()}), so its size is bounded by the disk, not the heap. Small files, by far the
     * most, keep the faster whole-file path.
     */
    public static final long STREAMING_THRESHOLD_BYTES = 4L << 20;

    /** Upstream Confiture's Python migrations: {@code 003_move_data.py}. */
    private static final java.util.regex.Pattern PYTHON_MIGRATION = java.util.regex.Pattern.compile("\\d+_.+\\.py");

    /** {@code tb_confiture.version} and {@code name} are {@code VARCHAR(255)}. */
    static final int MAX_LENGTH = 255;

    private MigrationCatalog() {
    }

    /**
     * Resolves migrations.
     * @param resources the files found in the migration locations (see {@link LocationScanner})
     * @param javaMigrations the Java migrations
     * @return the valid migrations sorted by version, and the problems sorted by source
     */
    public static DiscoveredMigrations resolve(List<MigrationResource> resources, List<Migration> javaMigrations) {
        Problems problems = new Problems();
        Map<MigrationVersion, List<Candidate>> byVersion = new TreeMap<>();
        Map<String, List<RepeatableMigration>> repeatablesByName = new TreeMap<>();
        List<CallbackScript> callbacks = new ArrayList<>();
        for (MigrationResource resource : resources) {
            Candidate candidate = fileCandidate(resource, problems, repeatablesByName, callbacks);
            if (candidate != null) {
                byVersion.computeIfAbsent(candidate.version(), key -> new ArrayList<>()).add(candidate);
            }
        }
        for (Migration migration : javaMigrations) {
            Candidate candidate = javaCandidate(migration, problems);
            if (candidate != null) {
                byVersion.computeIfAbsent(candidate.version(), key -> new ArrayList<>()).add(candidate);
            }
        }
        List<ResolvedMigration> migrations = new ArrayList<>();
        for (List<Candidate> candidates : byVersion.values()) {
            ResolvedMigration migration = resolveVersion(candidates, problems);
            if (migration != null) {
                migrations.add(migration);
            }
        }
        List<RepeatableMigration> repeatables = new ArrayList<>();
        for (List<RepeatableMigration> named : repeatablesByName.values()) {
            if (named.size() == 1) {
                repeatables.add(named.get(0));
            }
            else {
                List<String> sources = named.stream().map(RepeatableMigration::source).sorted().toList();
                problems.add(sources.get(0), new Problem(ErrorCode.DUPLICATE_VERSION, null, "Repeatable migrations "
                        + String.join(" and ", sources) + " have the same name " + named.get(0).slug(),
                        "keep one of them, or rename the others (the same file name in two locations or directories "
                                + "counts twice)", null));
            }
        }
        return new DiscoveredMigrations(migrations, problems.sorted(), problems.duplicates, problems.misnamed,
                problems.python, repeatables, callbacks);
    }

    private static @Nullable ResolvedMigration resolveVersion(List<Candidate> candidates, Problems problems) {
        // loops, not streams: this runs once per version, a thousand times in a cold JVM at a service's start
        if (candidates.size() > 1) {
            candidates.sort(Comparator.comparing(Candidate::source));
        }
        List<Candidate> ups = new ArrayList<>(1);
        List<Candidate> downs = new ArrayList<>(1);
        for (Candidate candidate : candidates) {
            (candidate.up() ? ups : downs).add(candidate);
        }
        if (ups.size() > 1) {
            duplicate(ups, problems);
            return null;
        }
        Candidate up = ups.isEmpty() ? null : ups.get(0);
        List<Candidate> matching = new ArrayList<>();
        for (Candidate down : downs) {
            if (up != null && up.java() == null && up.slug().equals(down.slug())) {
                matching.add(down);
            }
            else {
                downWithoutUp(down, up, problems);
            }
        }
        if (matching.size() > 1) {
            duplicate(matching, problems);
        }
        if (up == null || up.broken()) {
            return null;
        }
        Candidate down = (matching.size() == 1 && !matching.get(0).broken()) ? matching.get(0) : null;
        MigrationVersion version = up.version();
        String slug = up.slug();
        Migration java = up.java();
        if (java != null) {
            MigrationMetadata metadata = java.metadata();
            return new ResolvedMigration(version, up.name(), slug, MigrationType.JAVA,
                    java.checksum(), (metadata != null) ? metadata : MigrationMetadata.NONE, up.source(), null, null,
                    java);
        }
        ScriptFile script = up.script();
        if (script == null) {
            throw new IllegalStateException("an unbroken up file has a script: " + up.source());
        }
        ScriptFile.Streamed streamed = script.streamed();
        return new ResolvedMigration(version, up.name(), slug, MigrationType.SQL,
                (streamed != null) ? streamed.checksum() : Checksums.sha256Hex(script.bytes()), up.metadata(),
                up.source(), script,
                (down != null) ? down.script() : null, null);
    }

    private static void duplicate(List<Candidate> candidates, Problems problems) {
        List<String> sources = candidates.stream().map(Candidate::source).collect(Collectors.toList());
        problems.duplicates.put(candidates.get(0).version().text(), List.copyOf(sources));
        String both = (sources.size() == 2) ? sources.get(0) + " and " + sources.get(1)
                : String.join(", ", sources.subList(0, sources.size() - 1)) + " and " + sources.get(sources.size() - 1);
        String version = candidates.get(0).version().text();
        List<String> texts = candidates.stream()
            .map(candidate -> candidate.version().text())
            .distinct()
            .collect(Collectors.toList());
        boolean sameText = texts.size() == 1;
        String message = "Migrations " + both + " have the same version " + version
                + (sameText ? "" : " (" + String.join(" and ", texts) + " are equal as numbers)");
        String hint = sameText
                ? "keep one of them, or give the others versions of their own (the same file name in two locations "
                        + "or directories counts twice)"
                : "give each its own version: versions compare as numbers, so leading zeros do not make them different";
        problems.add(sources.get(0), new Problem(ErrorCode.DUPLICATE_VERSION, version, message, hint, null));
    }

    private static void downWithoutUp(Candidate down, @Nullable Candidate up, Problems problems) {
        String version = down.version().text();
        String message;
        String hint;
        if (up == null) {
            message = "Down migration " + down.source() + " has no up migration " + down.slug() + ".up.sql";
            hint = "add " + down.slug() + ".up.sql, or delete this file if it is left over";
        }
        else if (up.java() != null) {
            message = "Down migration " + down.source() + " has no up migration file: version "
                    + up.version().text() + " is the Java migration " + up.source();
            hint = "revert it in " + up.source() + ".down(Connection) (and reversible()), and delete this file";
        }
        else {
            message = "Down migration " + down.source() + " does not match the up migration of version "
                    + up.version().text() + ", " + up.source();
            hint = "rename it to " + up.slug() + ".down.sql";
        }
        problems.add(down.source(), new Problem(ErrorCode.DOWN_WITHOUT_UP, version, message, hint, null));
    }

    private static @Nullable Candidate fileCandidate(MigrationResource resource, Problems problems,
            Map<String, List<RepeatableMigration>> repeatables, List<CallbackScript> callbacks) {
        String description = resource.description();
        String path = resource.path();
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        if (fileName.endsWith(".py") && PYTHON_MIGRATION.matcher(fileName).matches()) {
            problems.python.add(description);
            problems.add(description, new Problem(ErrorCode.PYTHON_MIGRATION, fileName.substring(0, fileName.indexOf('_')),
                    "Migration file " + description + " is a Python migration: upstream Confiture runs those, this tool "
                            + "runs SQL and Java migrations only", "Apply it with upstream Confiture (confiture migrate "
                            + "up), write it as SQL or as a Java migration, or move it out of the location", null));
            return null;
        }
        MigrationFileName.Result result = MigrationFileName.parse(fileName);
        if (result instanceof MigrationFileName.Ignored) {
            return null;
        }
        if (result instanceof MigrationFileName.Invalid invalid) {
            problems.misnamed.add(description);
            problems.add(description, new Problem(ErrorCode.INVALID_MIGRATION_NAME, invalid.version(),
                    "Migration file " + description + " does not follow the naming rule " + MigrationFileName.RULE
                            + ": " + invalid.detail(),
                    invalid.hint(), null));
            return null;
        }
        if (result instanceof MigrationFileName.Callback callback) {
            Read read = read(resource, null, problems);
            if (read != null) {
                callbacks.add(new CallbackScript(callback.event(), callback.name(), description, read.script(),
                        read.metadata()));
            }
            return null;
        }
        if (result instanceof MigrationFileName.Repeatable repeatable) {
            Read read = read(resource, null, problems);
            if (read != null) {
                String slug = RepeatableMigration.PREFIX + repeatable.name();
                repeatables.computeIfAbsent(repeatable.name(), name -> new ArrayList<>()).add(new RepeatableMigration(
                        repeatable.name(), slug, MigrationIds.idOf(slug), Checksums.sha256Hex(read.script().bytes()),
                        read.metadata(), description, read.script()));
            }
            return null;
        }
        MigrationFileName.Valid valid = (MigrationFileName.Valid) result;
        String tooLong = tooLong(valid.version(), valid.name());
        if (tooLong != null) {
            problems.add(description, new Problem(ErrorCode.INVALID_MIGRATION_NAME, valid.version(),
                    "Migration file " + description + " has a " + tooLong, "shorten it", null));
            return null;
        }
        MigrationVersion version = MigrationVersion.parse(valid.version());
        Read read = (valid.up() && resource.size() > STREAMING_THRESHOLD_BYTES)
                ? readStreamed(resource, valid.version(), problems) : read(resource, valid.version(), problems);
        return (read == null) ? Candidate.broken(version, valid, description)
                : new Candidate(version, valid.name(), valid.up(), description, false, read.script(), read.metadata(), null);
    }

    /** A file read, decoded and its headers parsed. */
    private record Read(ScriptFile script, MigrationMetadata metadata) {
    }

    /**
     * Reads a migration file whole, decodes it and parses its headers.
     * @param version the version text its problems are about, {@code null} for a repeatable migration
     * @return the file, or {@code null} when it has a problem (recorded)
     */
    private static @Nullable Read read(MigrationResource resource, @Nullable String version, Problems problems) {
        String description = resource.description();
        if (resource.size() > maxReadableBytes()) {
            problems.add(description, tooLarge(version, description, resource.size()));
            return null;
        }
        byte[] bytes;
        try {
            bytes = resource.read();
        }
        catch (IOException | UncheckedIOException ex) {
            problems.add(description, new Problem(ErrorCode.UNREADABLE_MIGRATION, version,
                    "Migration file " + description + " cannot be read: " + ex,
                    "check that the file exists and is readable by this process", null));
            return null;
        }
        if (bytes.length > maxReadableBytes()) {
            problems.add(description, tooLarge(version, description, bytes.length));
            return null;
        }
        try {
            String text = decode(bytes, description);
            return new Read(new ScriptFile(description, bytes, text), MetadataHeaders.parse(text, description));
        }
        catch (ConfitureException ex) {
            problems.add(description, Problem.of(version, ex));
            return null;
        }
    }

    /**
     * Discovers an up file too large to hold: one pass for its checksum, encoding and headers.
     * @return the file, or {@code null} when it has a problem (recorded)
     */
    private static @Nullable Read readStreamed(MigrationResource resource, String version, Problems problems) {
        String description = resource.description();
        try {
            StreamedFiles.Discovered discovered = StreamedFiles.discover(resource);
            return new Read(discovered.script(), discovered.metadata());
        }
        catch (IOException | UncheckedIOException ex) {
            problems.add(description, new Problem(ErrorCode.UNREADABLE_MIGRATION, version,
                    "Migration file " + description + " cannot be read: " + ex,
                    "check that the file exists and is readable by this process", null));
            return null;
        }
        catch (ConfitureException ex) {
            problems.add(description, Problem.of(version, ex));
            return null;
        }
    }

    private static @Nullable String tooLong(String version, String name) {
        if (version.length() > MAX_LENGTH) {
            return "version of " + version.length() + " digits: at most " + MAX_LENGTH
                    + " fit in tb_confiture.version";
        }
        if (name.length() > MAX_LENGTH) {
            return "name of " + name.length() + " characters: at most " + MAX_LENGTH + " fit in tb_confiture.name";
        }
        return null;
    }

    private static @Nullable Candidate javaCandidate(Migration migration, Problems problems) {
        String className = migration.getClass().getName();
        String versionText;
        String name;
        try {
            versionText = migration.version();
            name = migration.name();
        }
        catch (RuntimeException ex) {
            problems.add(className, new Problem(ErrorCode.INVALID_MIGRATION_NAME, null,
                    "Java migration " + className + " failed to give its version or name: " + ex,
                    "return constants from version() and name()", null));
            return null;
        }
        if (versionText == null || !MigrationVersion.isDigits(versionText)) {
            problems.add(className, new Problem(ErrorCode.INVALID_MIGRATION_NAME, null,
                    "Java migration " + className + " has an invalid version '" + versionText
                            + "': versions are digits only",
                    "return a numeric version from version(), e.g. \"002\" or \"20240101120000\"", null));
            return null;
        }
        String nameProblem = (name == null) ? "is null" : MigrationFileName.nameProblem(name);
        if (nameProblem != null) {
            problems.add(className, new Problem(ErrorCode.INVALID_MIGRATION_NAME, versionText,
                    "Java migration " + className + " has an invalid name '" + name + "': it " + nameProblem + " ("
                            + MigrationFileName.NAME_CHARACTERS + ")",
                    "return a valid name from name(), e.g. \""
                            + MigrationFileName.sanitize((name == null) ? "" : name).replace("<name>", "init") + "\"",
                    null));
            return null;
        }
        String tooLong = tooLong(versionText, name);
        if (tooLong != null) {
            problems.add(className, new Problem(ErrorCode.INVALID_MIGRATION_NAME, versionText,
                    "Java migration " + className + " has a " + tooLong, "shorten it", null));
            return null;
        }
        return new Candidate(MigrationVersion.parse(versionText), name, true, className, false, null,
                MigrationMetadata.NONE, migration);
    }

    private static long maxReadableBytes() {
        return Runtime.getRuntime().maxMemory() / READ_COST_FACTOR;
    }

    private static Problem tooLarge(@Nullable String version, String description, long size) {
        long heapMiB = Runtime.getRuntime().maxMemory() / 1048576;
        return new Problem(ErrorCode.FILE_TOO_LARGE, version, String.format(java.util.Locale.ROOT,
                "Migration file %s is %.1f MiB: reading, checksumming and splitting it takes about %d times that in "
                        + "memory, more than this JVM's heap of %d MiB", description, size / 1048576.0, READ_COST_FACTOR,
                heapMiB), String.format(java.util.Locale.ROOT, "Give the JVM a heap of at least %d MiB (-Xmx), split "
                        + "the file into several migrations, or load bulk data with COPY from a file",
                        size * READ_COST_FACTOR / 1048576 + 64), null);
    }

    /**
     * Strictly decodes UTF-8 and removes a leading byte order mark.
     * @throws ConfitureException {@link ErrorCode#INVALID_ENCODING} at the line and column of the first bad byte
     */
    static String decode(byte[] bytes, String description) {
        int start = Checksums.hasBom(bytes) ? 3 : 0;
        // the JDK's lenient decoding is fast (and its ASCII path faster still); it replaces what it cannot decode
        // with U+FFFD, so a text without one decoded strictly too. A file with one (or with a NUL) goes the strict way,
        // which says where.
        String lenient = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0 && lenient.indexOf('\u0000') < 0) {
            return lenient;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start + 1); // UTF-8: never more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            int lineStart = start;
            for (int i = start; i < bad; i++) {
                if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                    line++;
                    lineStart = i + 1;
                }
            }
            String before = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8);
            int column = before.codePointCount(0, before.length()) + 1;
            throw new ConfitureException(ErrorCode.INVALID_ENCODING,
                    "Migration file is not valid UTF-8: invalid byte 0x"
                            + String.format("%02X", bytes[bad] & 0xFF),
                    new SourceLocation(description, line, column),
                    "save the file as UTF-8 (Confiture reads migrations as UTF-8 only)", null);
        }
        if (result.isOverflow()) {
            throw new IllegalStateException("UTF-8 decoding overflowed for " + description);
        }
        out.flip();
        String text = out.toString();
        int nul = text.indexOf('\u0000');
        if (nul >= 0) {
            String before = text.substring(0, nul);
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            String lineText = before.substring(before.lastIndexOf('\n') + 1);
            throw new ConfitureException(ErrorCode.INVALID_ENCODING, "Migration file contains a NUL character (byte "
                    + "0x00), which PostgreSQL cannot receive in a statement",
                    new SourceLocation(description, line, lineText.codePointCount(0, lineText.length()) + 1),
                    "remove it; to store a zero byte, write it as bytea, e.g. '\\x00'::bytea", null);
        }
        return text;
    }

    /**
     * A file or Java migration that names a version.
     * @param broken whether it has a problem (it still takes part in the duplicate and pairing checks)
     */
    private record Candidate(MigrationVersion version, String name, boolean up, String source, boolean broken,
            @Nullable ScriptFile script, MigrationMetadata metadata, @Nullable Migration java) {

        static Candidate broken(MigrationVersion version, MigrationFileName.Valid valid, String source) {
            return new Candidate(version, valid.name(), valid.up(), source, true, null, MigrationMetadata.NONE, null);
        }

        String slug() {
            return version.text() + "_" + name;
        }
    }

    /** Problems with the source they are about, for a deterministic order. */
    private static final class Problems {

        private record Entry(String source, Problem problem) {
        }

        private final List<Entry> entries = new ArrayList<>();

        final Map<String, List<String>> duplicates = new TreeMap<>();

        final List<String> misnamed = new ArrayList<>();

        final List<String> python = new ArrayList<>();

        void add(String source, Problem problem) {
            entries.add(new Entry(source, problem));
        }

        List<Problem> sorted() {
            return entries.stream()
                .sorted(Comparator.comparing(Entry::source)
                    .thenComparing(entry -> entry.problem().code())
                    .thenComparing(entry -> entry.problem().message()))
                .map(Entry::problem)
                .collect(Collectors.toList());
        }
    }
}
