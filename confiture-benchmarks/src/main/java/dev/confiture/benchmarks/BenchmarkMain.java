package dev.confiture.benchmarks;

import java.io.PrintStream;
import java.util.List;

/**
 * Runs the benchmarks and prints the table:
 * {@code java -jar confiture-benchmarks/target/confiture-benchmarks.jar [--migrations=1000] [--repetitions=5] ...}.
 * The exit code is 0 when the run completed, whether or not every target was met (the table says), 2 on bad
 * arguments.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /**
     * @param args the options, see {@link BenchmarkOptions#USAGE}
     */
    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(BenchmarkOptions.USAGE);
            return;
        }
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.err.println(BenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        run(options, List.of(args), System.out);
        System.exit(0);
    }

    /**
     * @param options what to run
     * @param arguments the command line, recorded in the JSON
     * @param out where progress and the table go
     * @return the report, also written to {@code options.output()}
     */
    static BenchmarkReport run(BenchmarkOptions options, List<String> arguments, PrintStream out) {
        // read by the embedded server when it starts (the first case starts it); the report records what it runs with
        System.setProperty("CONFITURE_TEST_DURABLE", String.valueOf(options.durable()));
        BenchmarkReport report = new Benchmark(options, out).run();
        out.println();
        out.println(report.table());
        out.println("Machine: " + report.machineLine());
        report.writeJson(options.output(), arguments);
        out.println("Results: " + options.output().toAbsolutePath());
        if (options.readme() != null) {
            PerformanceTable.writeInto(options.readme(), options.output(), options.output().toString());
            out.println("Table written into " + options.readme());
        }
        out.println(report.allTargetsMet() ? "Every target met." : "Missed: " + report.targets().stream()
                .filter(target -> !target.met()).map(target -> target.caseId() + " " + target.description())
                .toList());
        return report;
    }
}
