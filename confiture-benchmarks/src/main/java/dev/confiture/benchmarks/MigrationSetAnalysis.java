package dev.confiture.benchmarks;

import dev.confiture.api.ConfitureException;
import dev.confiture.safety.Finding;
import dev.confiture.safety.MigrationAnalysis;
import dev.confiture.safety.SafetyAnalyzer;
import dev.confiture.safety.SafetyRule;
import dev.confiture.sql.SqlScriptParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs the zero-downtime analysis over every up migration of real migration sets (directories given on the command
 * line, read recursively: {@code *.up.sql} files, or {@code up.sql} in a directory per migration), each file as its
 * own deploy (the tables it creates are new, every other table exists), and prints the findings per rule, the
 * statements read, what could not be read, and the first finding of each rule with its file to check by hand. With
 * {@code --sample=N} first, it also prints every finding of N files per set, evenly spaced in name order (the same
 * files every run), for a reviewer to check each against its statement.
 * The sets are fetched by {@code scripts/real-migration-sets.sh}, never kept in the repository.
 */
public final class MigrationSetAnalysis {

    private MigrationSetAnalysis() {
    }

    /**
     * @param arguments {@code [--sample=N] NAME=DIR...}
     */
    public static void main(String[] arguments) {
        int sample = 0;
        if (arguments.length > 0 && arguments[0].startsWith("--sample=")) {
            sample = Integer.parseInt(arguments[0].substring("--sample=".length()));
            arguments = java.util.Arrays.copyOfRange(arguments, 1, arguments.length);
        }
        StringBuilder sampled = new StringBuilder();
        StringBuilder table = new StringBuilder("| rule |");
        List<Map<String, Integer>> counts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder details = new StringBuilder();
        for (String argument : arguments) {
            String name = argument.substring(0, argument.indexOf('='));
            Path directory = Path.of(argument.substring(argument.indexOf('=') + 1));
            names.add(name);
            table.append(' ').append(name).append(" |");
            Map<String, Integer> count = new LinkedHashMap<>();
            Map<String, String> firstOfRule = new LinkedHashMap<>();
            int files = 0;
            int statements = 0;
            List<String> unreadable = new ArrayList<>();
            List<Path> all = upFiles(directory);
            Set<Path> inSample = new java.util.HashSet<>();
            for (int i = 0; i < Math.min(sample, all.size()); i++) {
                inSample.add(all.get((int) ((long) i * all.size() / Math.min(sample, all.size()))));
            }
            for (Path file : all) {
                files++;
                try {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    var parsed = SqlScriptParser.parse(text, file.toString()).statements();
                    statements += parsed.size();
                    MigrationAnalysis analysis = new SafetyAnalyzer().analyze(directory.relativize(file).toString(),
                            file.toString(), parsed, Set.of());
                    if (inSample.contains(file)) {
                        sampled.append("\n").append(name).append(' ').append(directory.relativize(file)).append(": ")
                                .append(parsed.size()).append(" statement(s), ").append(analysis.findings().size())
                                .append(" finding(s)\n");
                        analysis.findings().forEach(finding -> sampled.append("  line ").append(finding.location().line())
                                .append(" [").append(finding.rule().id()).append("] ").append(finding.message())
                                .append('\n'));
                    }
                    for (Finding finding : analysis.findings()) {
                        count.merge(finding.rule().id(), 1, Integer::sum);
                        firstOfRule.putIfAbsent(finding.rule().id(), directory.relativize(file) + ", line "
                                + finding.location().line() + ": " + finding.message());
                    }
                }
                catch (ConfitureException ex) {
                    unreadable.add(directory.relativize(file) + ": " + ex.code());
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
            count.put("(files)", files);
            count.put("(statements)", statements);
            count.put("(not readable)", unreadable.size());
            counts.add(count);
            details.append("\n").append(name).append(": ").append(files).append(" files, ").append(statements)
                    .append(" statements, ").append(unreadable.size()).append(" not readable ").append(unreadable)
                    .append('\n');
            firstOfRule.forEach((rule, where) -> details.append("  first ").append(rule).append(": ").append(where)
                    .append('\n'));
        }
        table.append("\n|---|").append("---|".repeat(names.size())).append('\n');
        List<String> rows = new ArrayList<>();
        for (SafetyRule rule : SafetyRule.values()) {
            rows.add(rule.id());
        }
        rows.addAll(List.of("(files)", "(statements)", "(not readable)"));
        for (String row : rows) {
            table.append("| ").append(row).append(" |");
            for (Map<String, Integer> count : counts) {
                table.append(' ').append(count.getOrDefault(row, 0)).append(" |");
            }
            table.append('\n');
        }
        System.out.println(table);
        System.out.println(details);
        if (sample > 0) {
            System.out.println("Every finding of " + sample + " files per set, to check by hand:" + sampled);
        }
    }

    private static List<Path> upFiles(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(path -> {
                String name = path.getFileName().toString();
                return name.equals("up.sql") || (name.endsWith(".up.sql") && !name.contains("mysql")
                        && !name.contains("sqlite") && !name.contains("cockroach"));
            }).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
