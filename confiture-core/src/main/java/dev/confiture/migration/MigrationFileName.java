package dev.confiture.migration;

import dev.confiture.api.CallbackEvent;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The naming rule of migration files, {@code {version}_{name}.up.sql} and
 * {@code {version}_{name}.down.sql}, and what to tell users whose file breaks it.
 */
final class MigrationFileName {

    /** The rule, for messages. */
    static final String RULE = "{version}_{name}.up.sql or {version}_{name}.down.sql";

    /** The rule of repeatable migrations, for messages. */
    static final String REPEATABLE_RULE = "R__{name}.sql";

    static final String NAME_CHARACTERS = "names use only letters A-Z and a-z, digits, '_' and '-'";

    private static final Pattern VALID = Pattern.compile("([0-9]+)_([A-Za-z0-9_-]+)\\.(up|down)\\.sql");

    private static final Pattern FLYWAY = Pattern.compile("([VU])([0-9][0-9._]*)__(.*)\\.sql",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern FLYWAY_REPEATABLE = Pattern.compile("R__(.*)\\.sql", Pattern.CASE_INSENSITIVE);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private static final Pattern CALLBACK = Pattern.compile("([A-Za-z]+)(?:__[A-Za-z0-9_-]+)?\\.sql");

    private static final Pattern NOT_NAME = Pattern.compile("[^A-Za-z0-9_-]+");

    private static final Pattern DIGITS_AND_SEPARATORS = Pattern.compile("[0-9][0-9.:-]*");

    private MigrationFileName() {
    }

    /** What a file name is. */
    sealed interface Result permits Ignored, Valid, Repeatable, Callback, Invalid {
    }

    /**
     * An SQL callback's file name, {@code {event}.sql} or {@code {event}__{description}.sql}.
     * @param event the event
     * @param name the file name without {@code .sql}
     */
    record Callback(CallbackEvent event, String name) implements Result {
    }

    /**
     * A repeatable migration's file name, {@code R__{name}.sql}.
     * @param name the name
     */
    record Repeatable(String name) implements Result {
    }

    /** Not an {@code .sql} file: not a migration, silently ignored. */
    record Ignored() implements Result {
    }

    /**
     * A migration file name.
     * @param version the version text
     * @param name the name
     * @param up {@code .up.sql} rather than {@code .down.sql}
     */
    record Valid(String version, String name, boolean up) implements Result {

        String slug() {
            return version + "_" + name;
        }
    }

    /**
     * An {@code .sql} file that breaks the rule.
     * @param version the version text, when one can be told
     * @param detail what is wrong
     * @param hint what to do
     */
    record Invalid(@Nullable String version, String detail, String hint) implements Result {
    }

    static Result parse(String fileName) {
        Valid plain = plainValid(fileName);
        if (plain != null) {
            return plain;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".sql")) {
            return new Ignored();
        }
        Matcher callback = CALLBACK.matcher(fileName);
        if (callback.matches() && CallbackEvent.ofFileName(callback.group(1)) != null) {
            return new Callback(java.util.Objects.requireNonNull(CallbackEvent.ofFileName(callback.group(1))),
                    fileName.substring(0, fileName.length() - ".sql".length()));
        }
        Matcher valid = VALID.matcher(fileName);
        if (valid.matches()) {
            return new Valid(valid.group(1), valid.group(2), valid.group(3).equals("up"));
        }
        Matcher flyway = FLYWAY.matcher(fileName);
        if (flyway.matches()) {
            String extension = flyway.group(1).equalsIgnoreCase("U") ? ".down.sql" : ".up.sql";
            String version = flyway.group(2);
            String description = flyway.group(3);
            String lowerDescription = description.toLowerCase(Locale.ROOT);
            if (lowerDescription.endsWith(".up") || lowerDescription.endsWith(".down")) {
                extension = lowerDescription.endsWith(".up") ? ".up.sql" : ".down.sql";
                description = description.substring(0, description.lastIndexOf('.'));
            }
            String name = sanitize(description);
            if (MigrationVersion.isDigits(version)) {
                return new Invalid(version, "it looks like a Flyway migration",
                        "rename to " + version + "_" + name + extension);
            }
            return new Invalid(null, "it looks like a Flyway migration with version '" + version
                    + "', and Confiture versions are digits only",
                    "rename to a numeric version, e.g. " + digitsOf(version) + "_" + name + extension);
        }
        Matcher repeatable = FLYWAY_REPEATABLE.matcher(fileName);
        if (repeatable.matches()) {
            String name = repeatable.group(1);
            if (fileName.startsWith(RepeatableMigration.PREFIX) && fileName.endsWith(".sql") && isName(name)) {
                return new Repeatable(name);
            }
            String nameProblem = nameProblem(name);
            return new Invalid(null, "it looks like a repeatable migration, which is named " + REPEATABLE_RULE
                    + ((nameProblem != null) ? ", and its name '" + name + "' " + nameProblem + " (" + NAME_CHARACTERS
                            + ")" : " with an upper-case R and a lower-case .sql"),
                    "rename to " + RepeatableMigration.PREFIX + sanitize(name) + ".sql");
        }
        Boolean up = lower.endsWith(".up.sql") ? Boolean.TRUE : (lower.endsWith(".down.sql") ? Boolean.FALSE : null);
        int suffixLength = (up == null) ? ".sql".length() : (up ? ".up.sql".length() : ".down.sql".length());
        String base = fileName.substring(0, fileName.length() - suffixLength);
        String extension = Boolean.FALSE.equals(up) ? ".down.sql" : ".up.sql";
        int digits = 0;
        while (digits < base.length() && base.charAt(digits) >= '0' && base.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            return new Invalid(null, "it has no version",
                    "start the file name with a numeric version and '_', e.g. rename to 001_" + sanitize(base)
                            + extension);
        }
        String version = base.substring(0, digits);
        String rest = base.substring(digits);
        if (rest.isEmpty() || rest.equals("_")) {
            return new Invalid(version, "it has no name after the version",
                    "add a name, e.g. rename to " + version + "_init" + extension);
        }
        if (rest.charAt(0) != '_') {
            int underscore = base.indexOf('_');
            String head = (underscore < 0) ? base : base.substring(0, underscore);
            if (underscore >= 0 && DIGITS_AND_SEPARATORS.matcher(head).matches()) {
                return new Invalid(null, "its version '" + head + "' is not digits only",
                        "rename to " + digitsOf(head) + "_" + sanitize(base.substring(underscore + 1)) + extension);
            }
            return new Invalid(version, "it has no '_' between the version '" + version + "' and the name",
                    "rename to " + version + "_" + sanitize(rest.replaceFirst("^[-. ]+", "")) + extension);
        }
        String name = rest.substring(1);
        String nameProblem = nameProblem(name);
        if (nameProblem != null) {
            return new Invalid(version, "its name '" + name + "' " + nameProblem + " (" + NAME_CHARACTERS + ")",
                    "rename to " + version + "_" + sanitize(name) + extension);
        }
        if (up == null) {
            return new Invalid(version, "it does not end in .up.sql or .down.sql",
                    "rename to " + version + "_" + name + ".up.sql (or " + version + "_" + name
                            + ".down.sql if it reverts migration " + version + "_" + name + ")");
        }
        return new Invalid(version, "its extension '" + fileName.substring(base.length()) + "' is not lower-case",
                "rename to " + version + "_" + name + extension);
    }

    /**
     * The common case without a regular expression: a start-up reads a thousand names, and matching them with
     * {@link #VALID} makes the JIT compile the regex engine, CPU a fresh JVM shares with the database on a small
     * machine. Accepts exactly what {@link #VALID} does (a name starting with a letter is never a callback's here,
     * as a callback's name starts with a letter and this one with a digit).
     * @return the name when it is {@code {digits}_{name}.up.sql} or {@code .down.sql}, else {@code null}
     */
    private static @Nullable Valid plainValid(String fileName) {
        boolean up = fileName.endsWith(".up.sql");
        if (!up && !fileName.endsWith(".down.sql")) {
            return null;
        }
        int end = fileName.length() - (up ? ".up.sql".length() : ".down.sql".length());
        int digits = 0;
        while (digits < end && fileName.charAt(digits) >= '0' && fileName.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0 || digits + 1 >= end || fileName.charAt(digits) != '_') {
            return null;
        }
        for (int i = digits + 1; i < end; i++) {
            if (!isNameCharacter(fileName.charAt(i))) {
                return null;
            }
        }
        return new Valid(fileName.substring(0, digits), fileName.substring(digits + 1, end), up);
    }

    /**
     * @return what is wrong with a migration name, e.g. {@code "contains a space"}, or {@code null}
     */
    static @Nullable String nameProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (NAME.matcher(name).matches()) {
            return null;
        }
        Set<String> bad = new LinkedHashSet<>();
        name.codePoints().filter(c -> !isNameCharacter(c)).forEach(c -> bad.add(describe(c)));
        return "contains " + String.join(" and ", bad);
    }

    private static boolean isNameCharacter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static String describe(int c) {
        return switch (c) {
            case ' ' -> "a space";
            case '.' -> "a dot";
            case '\t' -> "a tab";
            default -> "'" + new String(Character.toChars(c)) + "'";
        };
    }

    static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }

    /** A valid name made from anything: runs of other characters become '_'. */
    static String sanitize(String name) {
        String sanitized = NOT_NAME.matcher(name).replaceAll("_");
        int start = 0;
        int end = sanitized.length();
        while (start < end && sanitized.charAt(start) == '_') {
            start++;
        }
        while (end > start && sanitized.charAt(end - 1) == '_') {
            end--;
        }
        return (start < end) ? sanitized.substring(start, end) : "<name>";
    }

    private static String digitsOf(String text) {
        return text.replaceAll("[^0-9]", "");
    }
}
