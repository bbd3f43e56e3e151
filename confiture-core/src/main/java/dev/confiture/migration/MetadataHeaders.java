package dev.confiture.migration;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code -- confiture: key=value} metadata headers of an up script.
 * <p>
 * Headers live in the leading block of the file: the blank lines, {@code --} comments and {@code /* ... *}{@code /}
 * block comments (a license notice, say) before the first other line; a header inside a block comment is part of
 * that comment. A header line is {@code -- confiture: key=value} ({@code confiture} in any case,
 * spaces flexible); one line may hold several pairs separated by whitespace or commas. Keys:
 * {@code risk} ({@code low|medium|high}), {@code duration} (estimate), {@code impact}
 * ({@code safe|breaking}), {@code approval} ({@code required|not-required}), {@code transactional}
 * ({@code true|false}), {@code lock-timeout}, {@code statement-timeout}, {@code allow} (a zero-downtime rule id,
 * repeatable), {@code phase} ({@code expand|contract}). Durations are ISO-8601
 * ({@code PT5M}), {@code <integer><unit>} with unit {@code ms|s|m|h} ({@code 250ms}, {@code 30s},
 * {@code 5m}, {@code 2h}) or {@code 0} (for timeouts: disabled). Keys and values are
 * case-insensitive. Ordinary comments are allowed anywhere, and so are upstream Confiture's lint directives
 * ({@code -- confiture:owner-only}, {@code -- confiture:run-as role}: a word right after the colon, no {@code =}),
 * which the engine ignores.
 */
public final class MetadataHeaders {

    /** The known keys, in the order messages list them. */
    static final List<String> KEYS = List.of("risk", "duration", "impact", "approval", "transactional",
            "lock-timeout", "statement-timeout", "allow", "phase");

    private static final Pattern HEADER = Pattern.compile("^\\s*--\\s*confiture\\s*:", Pattern.CASE_INSENSITIVE);

    /** {@code -- confiture risk=high}: a header that forgot its colon must not pass as a comment. */
    private static final Pattern HEADER_WITHOUT_COLON = Pattern
        .compile("^\\s*--\\s*confiture\\s+[a-z][a-z_-]*\\s*=", Pattern.CASE_INSENSITIVE);

    /**
     * Upstream Confiture's lint directives ({@code -- confiture:owner-only}, {@code -- confiture:run-as app},
     * {@code -- confiture:owner-skip} ...): a word right after the colon, no {@code =}. They mean nothing to
     * the engine, so they are comments here, wherever they stand, and files written for upstream carry over.
     */
    private static final Pattern UPSTREAM_DIRECTIVE = Pattern
        .compile("^\\s*--\\s*confiture:\\s*([a-z][a-z0-9_-]*)(?![a-z0-9_-])(?!\\s*=)", Pattern.CASE_INSENSITIVE);

    private static final String EXAMPLE = "e.g. -- confiture: risk=high, lock-timeout=5s";

    /** PostgreSQL's largest lock_timeout / statement_timeout, in milliseconds. */
    private static final long MAX_TIMEOUT_MILLIS = Integer.MAX_VALUE;

    private MetadataHeaders() {
    }

    /**
     * Parses the headers of an up script.
     * @param script the script text (a UTF-8 byte order mark already removed)
     * @param source where the script lives, for messages, e.g. {@code classpath:db/migration/001_init.up.sql}
     * @return the metadata, {@link MigrationMetadata#NONE} when there are no headers
     * @throws ConfitureException {@link ErrorCode#INVALID_METADATA_HEADER} for a malformed header, a
     * bad or duplicate value or a header after the first SQL line, {@link ErrorCode#UNKNOWN_METADATA_KEY}
     * for an unknown key; the location names {@code source}, the line and the column
     */
    public static MigrationMetadata parse(String script, String source) {
        if (!mentionsConfiture(script)) {
            // every header, directive and misspelt header names confiture: most files have none, and a startup reads
            // a thousand of them
            return MigrationMetadata.NONE;
        }
        Values values = new Values(source);
        int firstSqlLine = 0;
        int commentDepth = 0;
        List<String> lines = script.lines().toList();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            int lineNumber = index + 1;
            String stripped = line.strip();
            if (firstSqlLine == 0 && (commentDepth > 0 || stripped.startsWith("/*"))) {
                int[] state = leadingBlockComment(stripped, commentDepth);
                commentDepth = state[0];
                if (state[1] == 0) {
                    continue;
                }
                firstSqlLine = lineNumber;
                continue;
            }
            if (stripped.isEmpty()) {
                continue;
            }
            if (!stripped.startsWith("--")) {
                if (firstSqlLine == 0) {
                    firstSqlLine = lineNumber;
                }
                continue;
            }
            if (isUpstreamDirective(line)) {
                continue;
            }
            Matcher header = HEADER.matcher(line);
            if (header.find()) {
                if (firstSqlLine != 0) {
                    throw new ConfitureException(ErrorCode.INVALID_METADATA_HEADER,
                            "'-- confiture:' header after the first SQL line (line " + firstSqlLine
                                    + "): headers must be at the top of the file",
                            location(source, lineNumber, line, line.indexOf("--")),
                            "move this line above line " + firstSqlLine
                                    + ", into the leading block of blank lines and '--' comments",
                            null);
                }
                parseLine(line, header.end(), lineNumber, values);
            }
            else if (HEADER_WITHOUT_COLON.matcher(line).find()) {
                throw new ConfitureException(ErrorCode.INVALID_METADATA_HEADER,
                        "'-- confiture' header without ':'", location(source, lineNumber, line, line.indexOf("--")),
                        "write '-- confiture: key=value', " + EXAMPLE, null);
            }
        }
        return values.build();
    }

    /**
     * Whether {@code confiture} appears anywhere, in any case: whatever the patterns match, this does (it may also
     * find what they do not, which costs a full parse and nothing else).
     */
    private static boolean mentionsConfiture(String script) {
        for (int i = 0, last = script.length() - "confiture".length(); i <= last; i++) {
            char c = script.charAt(i);
            if ((c == 'c' || c == 'C') && script.regionMatches(true, i, "confiture", 0, "confiture".length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * An upstream directive, unless its word is one of our keys (or within two edits of one) written without a
     * value: that is a header with a typo, to report rather than ignore.
     */
    private static boolean isUpstreamDirective(String line) {
        Matcher directive = UPSTREAM_DIRECTIVE.matcher(line);
        return directive.find() && closestKey(directive.group(1).toLowerCase(Locale.ROOT)) == null;
    }

    /**
     * Follows a block comment of the leading block through one line (PostgreSQL nests block comments).
     * @param depth how deep inside block comments the line starts
     * @return the depth at the end of the line, and 1 when the line holds something besides comments (SQL), else 0
     */
    private static int[] leadingBlockComment(String line, int depth) {
        int i = 0;
        while (i < line.length()) {
            if (line.startsWith("/*", i)) {
                depth++;
                i += 2;
            }
            else if (depth > 0 && line.startsWith("*/", i)) {
                depth--;
                i += 2;
            }
            else if (depth > 0) {
                i++;
            }
            else if (Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            else {
                return new int[] { depth, line.startsWith("--", i) ? 0 : 1 };
            }
        }
        return new int[] { depth, 0 };
    }

    private static void parseLine(String line, int start, int lineNumber, Values values) {
        String source = values.source;
        int length = line.length();
        int i = start;
        boolean any = false;
        while (true) {
            while (i < length && isSeparator(line.charAt(i))) {
                i++;
            }
            if (i >= length) {
                break;
            }
            int keyStart = i;
            while (i < length && !isSeparator(line.charAt(i)) && line.charAt(i) != '=') {
                i++;
            }
            String key = line.substring(keyStart, i);
            int equals = i;
            while (equals < length && Character.isWhitespace(line.charAt(equals))) {
                equals++;
            }
            if (key.isEmpty()) {
                throw new ConfitureException(ErrorCode.INVALID_METADATA_HEADER, "'=' without a key in a header",
                        location(source, lineNumber, line, keyStart), "write key=value, " + EXAMPLE, null);
            }
            if (equals >= length || line.charAt(equals) != '=') {
                throw new ConfitureException(ErrorCode.INVALID_METADATA_HEADER,
                        "header entry '" + key + "' has no '='", location(source, lineNumber, line, keyStart),
                        "write key=value (several pairs separated by spaces or commas), " + EXAMPLE, null);
            }
            int valueStart = equals + 1;
            while (valueStart < length && Character.isWhitespace(line.charAt(valueStart))) {
                valueStart++;
            }
            int valueEnd = valueStart;
            while (valueEnd < length && !isSeparator(line.charAt(valueEnd))) {
                valueEnd++;
            }
            String value = line.substring(valueStart, valueEnd);
            values.checkKey(key, keyStart, lineNumber, line);
            boolean detached = valueStart > equals + 1;
            if (value.isEmpty() || (detached && value.indexOf('=') >= 0)) {
                // "risk=" or "risk= impact=safe": the next pair is not this key's value
                throw new ConfitureException(ErrorCode.INVALID_METADATA_HEADER,
                        "header key '" + key + "' has an empty value", location(source, lineNumber, line, keyStart),
                        "write " + key + "=<value>" + allowedSuffix(normalizedKey(key)), null);
            }
            values.set(key, value, valueStart, lineNumber, line);
            any = true;
            i = valueEnd;
        }
        if (!any) {
            throw new ConfitureException(ErrorCode.INVALID_METADATA_HEADER, "empty '-- confiture:' header",
                    location(source, lineNumber, line, line.indexOf("--")),
                    "write key=value after 'confiture:', " + EXAMPLE + ", or remove the line", null);
        }
    }

    private static boolean isSeparator(char c) {
        return c == ',' || Character.isWhitespace(c);
    }

    private static String normalizedKey(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    private static String allowedSuffix(String key) {
        return switch (key) {
            case "risk" -> " with one of: low, medium, high";
            case "impact" -> " with one of: safe, breaking";
            case "approval" -> " with one of: required, not-required";
            case "transactional" -> " with one of: true, false";
            case "duration", "lock-timeout", "statement-timeout" -> ", " + durationHelp(key);
            case "phase" -> " with one of: expand, contract";
            case "allow" -> " naming a zero-downtime rule, e.g. allow=index-not-concurrent (repeat the key for more)";
            default -> "";
        };
    }

    private static String durationHelp(String key) {
        String help = "a duration such as 250ms, 30s, 5m, 2h (units ms, s, m, h) or ISO-8601 such as PT5M";
        return key.equals("duration") ? help : help + ", or 0 to disable the timeout";
    }

    static SourceLocation location(String source, int lineNumber, String line, int charIndex) {
        int column = (charIndex < 0) ? 1 : line.codePointCount(0, charIndex) + 1;
        return new SourceLocation(source, lineNumber, column);
    }

    /** The edit distance (insertions, deletions, substitutions, adjacent transpositions). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    static @Nullable String closestKey(String key) {
        String best = null;
        int bestDistance = 3;
        for (String known : KEYS) {
            int distance = distance(key, known);
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The values found so far, with the line each key was set on. */
    private static final class Values {

        private final String source;

        private final Map<String, Integer> lines = new HashMap<>();

        private @Nullable Risk risk;

        private @Nullable Duration duration;

        private @Nullable Impact impact;

        private boolean approvalRequired;

        private @Nullable Boolean transactional;

        private @Nullable Duration lockTimeout;

        private @Nullable Duration statementTimeout;

        private final java.util.Set<String> allow = new java.util.TreeSet<>();

        private @Nullable Phase phase;

        Values(String source) {
            this.source = source;
        }

        void checkKey(String rawKey, int keyStart, int lineNumber, String line) {
            String key = normalizedKey(rawKey);
            if (!KEYS.contains(key)) {
                String closest = closestKey(key);
                throw new ConfitureException(ErrorCode.UNKNOWN_METADATA_KEY,
                        "unknown header key '" + rawKey + "'", location(source, lineNumber, line, keyStart),
                        ((closest != null) ? "did you mean '" + closest + "'? " : "") + "Known keys: "
                                + String.join(", ", KEYS),
                        null);
            }
            Integer previous = lines.get(key);
            if (previous != null && !key.equals("allow")) {
                throw new ConfitureException(ErrorCode.INVALID_METADATA_HEADER,
                        "duplicate header key '" + key + "' (already set on line " + previous + ")",
                        location(source, lineNumber, line, keyStart), "keep a single " + key + "=... entry", null);
            }
        }

        /** Sets a key that passed {@link #checkKey}. */
        void set(String rawKey, String rawValue, int valueStart, int lineNumber, String line) {
            String key = normalizedKey(rawKey);
            lines.put(key, lineNumber);
            String value = rawValue.toLowerCase(Locale.ROOT);
            try {
                switch (key) {
                    case "risk" -> risk = Risk.valueOf(choice(value, "low", "medium", "high").toUpperCase(Locale.ROOT));
                    case "duration" -> duration = duration(rawValue, false);
                    case "impact" -> impact = Impact.valueOf(choice(value, "safe", "breaking").toUpperCase(Locale.ROOT));
                    case "approval" -> approvalRequired = choice(value, "required", "not-required").equals("required");
                    case "transactional" -> transactional = Boolean.valueOf(choice(value, "true", "false"));
                    case "lock-timeout" -> lockTimeout = duration(rawValue, true);
                    case "statement-timeout" -> statementTimeout = duration(rawValue, true);
                    case "phase" -> phase = Phase.valueOf(choice(value, "expand", "contract").toUpperCase(Locale.ROOT));
                    case "allow" -> {
                        if (!value.matches("[a-z0-9-]+")) {
                            throw new BadValue("a rule id is lower-case letters, digits and '-'");
                        }
                        allow.add(value);
                    }
                    default -> throw new IllegalStateException(key);
                }
            }
            catch (BadValue ex) {
                throw new ConfitureException(ErrorCode.INVALID_METADATA_HEADER,
                        "invalid value '" + rawValue + "' for header key '" + key + "'"
                                + ((ex.reason != null) ? ": " + ex.reason : ""),
                        location(source, lineNumber, line, valueStart), "write " + key + "=<value>" + allowedSuffix(key),
                        null);
            }
        }

        MigrationMetadata build() {
            if (lines.isEmpty()) {
                return MigrationMetadata.NONE;
            }
            return new MigrationMetadata(risk, duration, impact, approvalRequired, transactional, lockTimeout,
                    statementTimeout, allow, phase);
        }
    }

    private static String choice(String value, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(value)) {
                return candidate;
            }
        }
        throw new BadValue(null);
    }

    /**
     * Parses {@code 0}, {@code <integer><unit>} (unit {@code ms|s|m|h}) or an ISO-8601 duration.
     */
    static Duration duration(String text, boolean timeout) {
        String value = text.toLowerCase(Locale.ROOT);
        Duration duration;
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        try {
            duration = Durations.parse(value);
        }
        catch (Durations.InvalidDuration ex) {
            throw new BadValue(ex.reason());
        }
        if (duration.isNegative()) {
            throw new BadValue("a duration must not be negative");
        }
        if (timeout) {
            if (duration.compareTo(Duration.ofMillis(MAX_TIMEOUT_MILLIS)) > 0) {
                throw new BadValue("PostgreSQL accepts timeouts up to " + MAX_TIMEOUT_MILLIS + "ms (about 24 days)");
            }
            if (duration.getNano() % 1_000_000 != 0) {
                throw new BadValue("PostgreSQL timeouts are whole milliseconds");
            }
        }
        return duration;
    }

    /** A value that is not allowed for its key, with an optional reason. */
    private static final class BadValue extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final @Nullable String reason;

        BadValue(@Nullable String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }
}
