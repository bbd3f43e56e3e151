package dev.confiture.safety;

import dev.confiture.api.SourceLocation;
import dev.confiture.sql.SqlStatement;
import dev.confiture.sql.SqlTokens;
import dev.confiture.sql.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads one statement's tokens and says what it locks, rewrites and scans, following PostgreSQL's documented lock
 * level of each command and ALTER TABLE sub-command (the strongest sub-command of a statement decides). A table
 * created earlier in the same run is new: nothing waits for it, so its statements raise no finding.
 */
final class StatementAnalyzer {

    /** Functions whose value changes per row: as a column default they make ADD COLUMN rewrite the table. */
    private static final Pattern VOLATILE = Pattern.compile("(?i)\\b(random|clock_timestamp|timeofday|gen_random_uuid|"
            + "uuid_generate_v[14]|uuidv[47]|nextval|txid_current)\\s*\\(");

    private static final int TOKEN_LIMIT = 2000;

    private final String source;

    private final Set<String> created;

    private final List<Finding> findings = new ArrayList<>();

    private @Nullable String relation;

    private @Nullable LockMode lock;

    private boolean rewrite;

    private boolean scan;

    private SqlStatement statement;

    /**
     * @param created the tables created earlier in the run (lower-case, unqualified), added to as tables are created
     */
    StatementAnalyzer(String source, Set<String> created) {
        this.source = source;
        this.created = created;
        this.statement = new SqlStatement(0, "", 0, 1, 1, null, dev.confiture.sql.TransactionControl.NONE);
    }

    StatementAnalysis analyze(SqlStatement analyzed) {
        this.statement = analyzed;
        relation = null;
        lock = null;
        rewrite = false;
        scan = false;
        findings.clear();
        List<Token> tokens = SqlTokens.of(analyzed.sql(), source, TOKEN_LIMIT);
        if (!tokens.isEmpty()) {
            command(tokens);
        }
        return new StatementAnalysis(analyzed.index(), analyzed.line(), analyzed.summary(), relation, lock, rewrite, scan,
                findings);
    }

    private void command(List<Token> t) {
        if (t.get(0).is("CREATE")) {
            int i = skip(t, 1, "UNIQUE");
            if (at(t, i, "INDEX")) {
                createIndex(t, i + 1);
            }
            else if (at(t, skip(t, skip(t, skip(t, i, "GLOBAL", "LOCAL"), "TEMPORARY", "TEMP", "UNLOGGED"), "OR"), "TABLE")) {
                int name = skipIfNotExists(t, indexOf(t, i, "TABLE") + 1);
                created.add(key(t, name));
            }
            else if (at(t, i, "TRIGGER") || at(t, skip(t, i, "CONSTRAINT"), "TRIGGER")) {
                int on = indexOf(t, i, "ON");
                if (on > 0) {
                    locks(t, on + 1, LockMode.SHARE_ROW_EXCLUSIVE);
                }
            }
        }
        else if (t.get(0).is("ALTER") && at(t, 1, "TABLE")) {
            alterTable(t);
        }
        else if (t.get(0).is("DROP") && at(t, 1, "INDEX")) {
            if (!at(t, 2, "CONCURRENTLY")) {
                lock = LockMode.ACCESS_EXCLUSIVE;
                relation = name(t, skipIfExists(t, 2));
                find(SafetyRule.DROP_INDEX_NOT_CONCURRENT, relation);
            }
        }
        else if (t.get(0).is("DROP") && at(t, 1, "TABLE")) {
            locks(t, skipIfExists(t, 2), LockMode.ACCESS_EXCLUSIVE);
            findUnlessNew(SafetyRule.DROP_IN_USE);
        }
        else if (t.get(0).is("VACUUM")) {
            boolean full = t.stream().limit(6).anyMatch(token -> token.is("FULL"));
            int name = t.size() - 1;
            while (name > 0 && !t.get(name).identifier()) {
                name--;
            }
            if (full) {
                rewriting(t, name > 0 ? lastName(t) : null, SafetyRule.REWRITE_COMMAND);
            }
            else if (name > 0) {
                relation = lastName(t);
                lock = LockMode.SHARE_UPDATE_EXCLUSIVE;
            }
        }
        else if (t.get(0).is("CLUSTER") && t.size() > 1) {
            rewriting(t, name(t, skip(t, 1, "VERBOSE")), SafetyRule.REWRITE_COMMAND);
        }
        else if (t.get(0).is("REFRESH") && at(t, 1, "MATERIALIZED")) {
            boolean concurrently = at(t, 3, "CONCURRENTLY");
            relation = name(t, concurrently ? 4 : 3);
            lock = concurrently ? LockMode.EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
            rewrite = !concurrently; // the view's new contents go to new storage
            if (!concurrently) {
                find(SafetyRule.REFRESH_NOT_CONCURRENT, relation);
            }
        }
        else if (t.get(0).is("LOCK")) {
            int name = skip(t, skip(t, 1, "TABLE"), "ONLY");
            relation = name(t, name);
            int in = indexOf(t, name, "IN");
            lock = (in < 0) ? LockMode.ACCESS_EXCLUSIVE : lockMode(t, in + 1);
            if (lock == LockMode.ACCESS_EXCLUSIVE) {
                findUnlessNew(SafetyRule.EXPLICIT_LOCK);
            }
        }
        else if (t.get(0).is("TRUNCATE")) {
            locks(t, skip(t, skip(t, 1, "TABLE"), "ONLY"), LockMode.ACCESS_EXCLUSIVE);
            rewrite = true; // new, empty storage
        }
    }

    private void createIndex(List<Token> t, int afterIndex) {
        boolean concurrently = at(t, afterIndex, "CONCURRENTLY");
        int on = indexOf(t, afterIndex, "ON");
        if (on < 0) {
            return;
        }
        locks(t, skip(t, on + 1, "ONLY"), concurrently ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE);
        scan = true;
        if (!concurrently) {
            findUnlessNew(SafetyRule.INDEX_NOT_CONCURRENT);
        }
    }

    private void alterTable(List<Token> t) {
        int name = skip(t, skipIfExists(t, 2), "ONLY");
        relation = name(t, name);
        int i = afterName(t, name);
        LockMode strongest = null;
        // sub-commands are separated by commas at the top level
        for (List<Token> action : actions(t, i)) {
            LockMode mode = action(action);
            if (strongest == null || mode.compareTo(strongest) > 0) {
                strongest = mode;
            }
        }
        lock = (strongest != null) ? strongest : LockMode.ACCESS_EXCLUSIVE;
    }

    private LockMode action(List<Token> a) {
        if (a.isEmpty()) {
            return LockMode.ACCESS_EXCLUSIVE;
        }
        if (a.get(0).is("ADD") && at(a, 1, "CONSTRAINT") || a.get(0).is("ADD") && (at(a, 1, "FOREIGN")
                || at(a, 1, "CHECK") || at(a, 1, "UNIQUE") || at(a, 1, "PRIMARY"))) {
            return addConstraint(a);
        }
        if (a.get(0).is("ADD")) {
            String text = text(a);
            if (VOLATILE.matcher(text).find() && indexOf(a, 0, "DEFAULT") > 0
                    || indexOf(a, 0, "GENERATED") > 0 && indexOf(a, 0, "STORED") > 0) {
                rewrite = true;
                findUnlessNew(SafetyRule.ADD_COLUMN_VOLATILE_DEFAULT);
            }
            return LockMode.ACCESS_EXCLUSIVE;
        }
        if (a.get(0).is("ALTER")) {
            int i = skip(a, 1, "COLUMN");
            if (at(a, i + 1, "TYPE") || at(a, i + 1, "SET") && at(a, i + 2, "DATA")) {
                rewrite = true;
                findUnlessNew(SafetyRule.ALTER_COLUMN_TYPE);
            }
            else if (at(a, i + 1, "SET") && at(a, i + 2, "NOT")) {
                scan = true;
                findUnlessNew(SafetyRule.SET_NOT_NULL);
            }
            else if (at(a, i + 1, "SET") && at(a, i + 2, "STATISTICS")) {
                return LockMode.SHARE_UPDATE_EXCLUSIVE;
            }
            return LockMode.ACCESS_EXCLUSIVE;
        }
        if (a.get(0).is("VALIDATE")) {
            scan = true;
            return LockMode.SHARE_UPDATE_EXCLUSIVE;
        }
        if (a.get(0).is("RENAME")) {
            findUnlessNew(SafetyRule.RENAME);
            return LockMode.ACCESS_EXCLUSIVE;
        }
        if (a.get(0).is("DROP") && !at(a, 1, "CONSTRAINT")) {
            findUnlessNew(SafetyRule.DROP_IN_USE);
            return LockMode.ACCESS_EXCLUSIVE;
        }
        if (a.get(0).is("SET") && at(a, 1, "TABLESPACE")) {
            rewrite = true;
            findUnlessNew(SafetyRule.REWRITE_COMMAND);
            return LockMode.ACCESS_EXCLUSIVE;
        }
        if (a.get(0).is("SET") && at(a, 1, "LOGGED") || a.get(0).is("SET") && at(a, 1, "UNLOGGED")) {
            rewrite = true;
            findUnlessNew(SafetyRule.REWRITE_COMMAND);
            return LockMode.ACCESS_EXCLUSIVE;
        }
        if (a.get(0).is("ENABLE") || a.get(0).is("DISABLE")) {
            return (at(a, 1, "TRIGGER") || at(a, 1, "ALWAYS") || at(a, 1, "REPLICA")) ? LockMode.SHARE_ROW_EXCLUSIVE
                    : LockMode.ACCESS_EXCLUSIVE;
        }
        if (a.get(0).is("CLUSTER") || a.get(0).is("SET") && at(a, 1, "WITHOUT") && at(a, 2, "CLUSTER")) {
            return LockMode.SHARE_UPDATE_EXCLUSIVE;
        }
        return LockMode.ACCESS_EXCLUSIVE;
    }

    private LockMode addConstraint(List<Token> a) {
        boolean notValid = false;
        for (int i = 0; i + 1 < a.size(); i++) {
            if (a.get(i).is("NOT") && a.get(i + 1).is("VALID")) {
                notValid = true;
            }
        }
        boolean foreignKey = indexOf(a, 0, "FOREIGN") >= 0 || indexOf(a, 0, "REFERENCES") >= 0 && indexOf(a, 0, "CHECK") < 0;
        boolean check = indexOf(a, 0, "CHECK") >= 0;
        boolean unique = indexOf(a, 0, "UNIQUE") >= 0 || indexOf(a, 0, "PRIMARY") >= 0;
        if (unique) {
            if (indexOf(a, 0, "USING") < 0 || indexOf(a, 0, "INDEX") < 0) {
                scan = true;
                findUnlessNew(SafetyRule.CONSTRAINT_BUILDS_INDEX);
            }
            return LockMode.ACCESS_EXCLUSIVE;
        }
        if ((foreignKey || check) && !notValid) {
            scan = true;
            findUnlessNew(SafetyRule.CONSTRAINT_WITHOUT_NOT_VALID);
        }
        return foreignKey ? LockMode.SHARE_ROW_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private void rewriting(List<Token> t, @Nullable String table, SafetyRule rule) {
        relation = table;
        lock = LockMode.ACCESS_EXCLUSIVE;
        rewrite = true;
        if (table != null && created.contains(key(table))) {
            return;
        }
        find(rule, (table != null) ? table : "the tables it names");
    }

    private void locks(List<Token> t, int name, LockMode mode) {
        relation = name(t, name);
        lock = mode;
    }

    private void findUnlessNew(SafetyRule rule) {
        if (relation != null && created.contains(key(relation))) {
            return;
        }
        find(rule, (relation != null) ? relation : "the table");
    }

    private void find(SafetyRule rule, @Nullable String table) {
        if (findings.stream().anyMatch(finding -> finding.rule() == rule)) {
            return;
        }
        String on = (table != null) ? table : "the table";
        findings.add(new Finding(rule, rule.severity(), new SourceLocation(source, statement.line(), statement.column()),
                on, "Statement " + statement.index() + " " + rule.problem() + " (" + on + ")", rule.recipe()));
    }

    private static List<List<Token>> actions(List<Token> t, int from) {
        List<List<Token>> actions = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (int i = from; i < t.size(); i++) {
            Token token = t.get(i);
            if (token.text().equals("(")) {
                depth++;
            }
            else if (token.text().equals(")")) {
                depth--;
            }
            if (depth == 0 && token.text().equals(",")) {
                actions.add(current);
                current = new ArrayList<>();
            }
            else {
                current.add(token);
            }
        }
        actions.add(current);
        return actions;
    }

    private static LockMode lockMode(List<Token> t, int from) {
        StringBuilder words = new StringBuilder();
        for (int i = from; i < t.size() && !t.get(i).is("MODE"); i++) {
            words.append(words.isEmpty() ? "" : "_").append(t.get(i).text());
        }
        try {
            return LockMode.valueOf(words.toString());
        }
        catch (IllegalArgumentException ex) {
            return LockMode.ACCESS_EXCLUSIVE;
        }
    }

    private static String text(List<Token> tokens) {
        StringBuilder text = new StringBuilder();
        tokens.forEach(token -> text.append(token.text()).append(' '));
        return text.toString();
    }

    private static boolean at(List<Token> t, int i, String keyword) {
        return i >= 0 && i < t.size() && t.get(i).is(keyword);
    }

    private static int skip(List<Token> t, int i, String... keywords) {
        for (String keyword : keywords) {
            if (at(t, i, keyword)) {
                return i + 1;
            }
        }
        return i;
    }

    private static int skipIfExists(List<Token> t, int i) {
        return (at(t, i, "IF") && at(t, i + 1, "EXISTS")) ? i + 2 : i;
    }

    private static int skipIfNotExists(List<Token> t, int i) {
        return (at(t, i, "IF") && at(t, i + 1, "NOT") && at(t, i + 2, "EXISTS")) ? i + 3 : i;
    }

    private static int indexOf(List<Token> t, int from, String keyword) {
        for (int i = Math.max(0, from); i < t.size(); i++) {
            if (t.get(i).is(keyword)) {
                return i;
            }
        }
        return -1;
    }

    /** A possibly qualified name starting at {@code i}, as PostgreSQL resolves it (unquoted parts folded). */
    private static @Nullable String name(List<Token> t, int i) {
        if (i < 0 || i >= t.size() || !t.get(i).identifier()) {
            return null;
        }
        StringBuilder name = new StringBuilder(part(t.get(i)));
        while (i + 2 < t.size() && t.get(i + 1).text().equals(".") && t.get(i + 2).identifier()) {
            name.append('.').append(part(t.get(i + 2)));
            i += 2;
        }
        return name.toString();
    }

    private static int afterName(List<Token> t, int i) {
        int next = i + 1;
        while (next + 1 < t.size() && t.get(next).text().equals(".") && t.get(next + 1).identifier()) {
            next += 2;
        }
        return next;
    }

    private static @Nullable String lastName(List<Token> t) {
        for (int i = t.size() - 1; i > 0; i--) {
            if (t.get(i).identifier() && !t.get(i).word() || t.get(i).word() && !List.of("FULL", "VERBOSE", "ANALYZE",
                    "FREEZE", "VACUUM").contains(t.get(i).text())) {
                int start = i;
                while (start >= 2 && t.get(start - 1).text().equals(".") && t.get(start - 2).identifier()) {
                    start -= 2;
                }
                return name(t, start);
            }
        }
        return null;
    }

    private static String part(Token token) {
        return token.word() ? token.text().toLowerCase(Locale.ROOT) : token.text();
    }

    private static String key(List<Token> t, int i) {
        String name = name(t, i);
        return (name != null) ? key(name) : "";
    }

    /** The unqualified name, for telling whether a table was created earlier in the run. */
    private static String key(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
