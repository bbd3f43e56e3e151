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
    /**
     * A function call in a column default: unless it is one of the functions known not to be volatile, ADD COLUMN
     * rewrites the table to store a value per row (a user's own function may be volatile: it counts as one).
     */
    private static final Pattern CALL = Pattern.compile("(?i)([a-z_][a-z0-9_$]*)\\s*\\(");

    private static final java.util.Set<String> NOT_VOLATILE = java.util.Set.of("now", "transaction_timestamp",
            "statement_timestamp", "current_timestamp", "localtimestamp", "current_date", "current_user", "session_user",
            "lower", "upper", "coalesce", "jsonb_build_object", "json_build_object", "jsonb_build_array", "array",
            "to_jsonb", "make_interval", "interval", "numeric", "varchar", "char", "timestamp", "timestamptz", "decimal");

    /** Column types that fill every existing row from a sequence. */
    private static final java.util.Set<String> SERIALS = java.util.Set.of("SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL2",
            "SERIAL4", "SERIAL8");

    /** Enough for any real statement; a longer one is read whole all the same, only more slowly. */
    private static final int TOKEN_LIMIT = Integer.MAX_VALUE;

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
            else if (at(t, skip(t, skip(t, i, "GLOBAL", "LOCAL"), "UNLOGGED"), "TABLE")) {
                int table = indexOf(t, i, "TABLE") + 1;
                int name = skipIfNotExists(t, table);
                int partitionOf = indexOf(t, name, "PARTITION");
                if (partitionOf > 0 && at(t, partitionOf + 1, "OF")) {
                    // a new partition locks its parent
                    locks(t, partitionOf + 2, LockMode.ACCESS_EXCLUSIVE);
                }
                if (name == table) {
                    // IF NOT EXISTS may meet a table that exists and has rows: it stays an existing one
                    created.add(key(t, name));
                }
            }
            else if (at(t, i, "MATERIALIZED") && at(t, i + 1, "VIEW")) {
                int name = skipIfNotExists(t, i + 2);
                if (name == i + 2) {
                    created.add(key(t, name)); // a new materialized view: nothing reads it yet
                }
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
            if (relation != null) {
                created.remove(key(relation));
            }
        }
        else if (t.get(0).is("REINDEX")) {
            boolean concurrently = t.stream().limit(8).anyMatch(token -> token.is("CONCURRENTLY"));
            relation = lastName(t);
            lock = concurrently ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE;
            scan = true;
            if (!concurrently) {
                findUnlessNew(SafetyRule.REINDEX_NOT_CONCURRENT);
            }
        }
        else if (t.get(0).is("DO")) {
            find(SafetyRule.NOT_ANALYSED, "the tables its code names");
        }
        else if (t.get(0).is("VACUUM")) {
            boolean full = vacuumFull(t);
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
                findUnlessNew(SafetyRule.REFRESH_NOT_CONCURRENT);
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
        if (at(t, i, "RENAME") && at(t, i + 1, "TO") && relation != null) {
            String target = name(t, i + 2);
            if (target != null) {
                // the new name is new only when the renamed table was
                boolean wasNew = created.contains(key(relation));
                created.remove(key(relation));
                if (wasNew) {
                    created.add(key(target));
                }
                else {
                    created.remove(key(target));
                    findUnlessNew(SafetyRule.RENAME);
                }
                lock = LockMode.ACCESS_EXCLUSIVE;
                if (wasNew) {
                    relation = target;
                }
                return;
            }
        }
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
        if (a.get(0).is("ADD") && (at(a, 1, "EXCLUDE") || at(a, 1, "CONSTRAINT") && indexOf(a, 0, "EXCLUDE") > 0)) {
            scan = true;
            findUnlessNew(SafetyRule.CONSTRAINT_BUILDS_INDEX);
            return LockMode.ACCESS_EXCLUSIVE;
        }
        if (a.get(0).is("ADD")) {
            int defaultAt = indexOf(a, 0, "DEFAULT");
            boolean volatileDefault = defaultAt > 0 && volatileCall(text(a.subList(defaultAt + 1, a.size())));
            boolean fillsRows = a.stream().anyMatch(token -> token.word() && SERIALS.contains(token.text()))
                    || indexOf(a, 0, "IDENTITY") > 0 || indexOf(a, 0, "GENERATED") > 0 && indexOf(a, 0, "STORED") > 0;
            if (volatileDefault || fillsRows) {
                rewrite = true;
                findUnlessNew(SafetyRule.ADD_COLUMN_VOLATILE_DEFAULT);
            }
            if (indexOf(a, 0, "UNIQUE") > 0 || indexOf(a, 0, "PRIMARY") > 0) {
                scan = true;
                findUnlessNew(SafetyRule.CONSTRAINT_BUILDS_INDEX);
            }
            return LockMode.ACCESS_EXCLUSIVE;
        }
        if (a.get(0).is("ALTER")) {
            int i = skip(a, 1, "COLUMN");
            if (at(a, i + 1, "TYPE") || at(a, i + 1, "SET") && at(a, i + 2, "DATA")) {
                int type = at(a, i + 1, "TYPE") ? i + 2 : i + 4;
                boolean toText = at(a, type, "TEXT") || at(a, type, "VARCHAR")
                        || at(a, type, "CHARACTER") && at(a, type + 1, "VARYING");
                if (toText && indexOf(a, type, "USING") < 0) {
                    // from varchar (or text) no rewrite; from anything else one: said as a note
                    findUnlessNew(SafetyRule.ALTER_COLUMN_TYPE_TO_TEXT);
                }
                else {
                    rewrite = true;
                    findUnlessNew(SafetyRule.ALTER_COLUMN_TYPE);
                }
            }
            else if (at(a, i + 1, "SET") && symbol(a, i + 2, "(") || at(a, i + 1, "RESET")) {
                return LockMode.SHARE_UPDATE_EXCLUSIVE;
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
        if ((a.get(0).is("SET") || a.get(0).is("RESET")) && symbol(a, 1, "(")) {
            return LockMode.SHARE_UPDATE_EXCLUSIVE; // storage parameters such as fillfactor
        }
        if ((a.get(0).is("ATTACH") || a.get(0).is("DETACH")) && at(a, 1, "PARTITION")) {
            return LockMode.SHARE_UPDATE_EXCLUSIVE; // on the parent; the partition itself is locked harder
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
            int using = indexOf(a, 0, "USING");
            boolean existingIndex = using > 0 && at(a, using + 1, "INDEX") && !at(a, using + 2, "TABLESPACE");
            if (!existingIndex) {
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

    /** Whether a default's text calls a function that may be volatile. */
    private static boolean volatileCall(String text) {
        java.util.regex.Matcher call = CALL.matcher(text);
        while (call.find()) {
            if (!NOT_VOLATILE.contains(call.group(1).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** {@code VACUUM FULL}, or {@code VACUUM (..., FULL [true|on|1], ...)}. */
    private static boolean vacuumFull(List<Token> t) {
        if (at(t, 1, "FULL")) {
            return true;
        }
        if (t.size() > 1 && t.get(1).text().equals("(")) {
            for (int i = 2; i < t.size() && !t.get(i).text().equals(")"); i++) {
                if (t.get(i).is("FULL")) {
                    Token value = (i + 1 < t.size()) ? t.get(i + 1) : null;
                    return value == null || value.text().equals(",") || value.text().equals(")") || value.is("TRUE")
                            || value.is("ON") || value.text().equals("1");
                }
            }
        }
        return false;
    }

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

    private static boolean symbol(List<Token> t, int i, String symbol) {
        return i >= 0 && i < t.size() && !t.get(i).identifier() && t.get(i).text().equals(symbol);
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

    /**
     * The name as written, for telling whether a table was created earlier in the run: {@code s2.orders} is not
     * {@code orders} (which a search path may resolve anywhere), so a qualified and an unqualified spelling of one
     * table count as two, which at worst raises a finding for a new table, never hides one for an existing table.
     */
    private static String key(String name) {
        return name;
    }
}
