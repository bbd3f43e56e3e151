package dev.confiture.cli;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * ANSI colours for human output, only on a terminal: when {@code System.console()} is there (and,
 * on Java 22 and newer, says it is a terminal), {@code NO_COLOR} is unset and {@code --no-color} is
 * absent. JSON never gets colours.
 */
final class Style {

    private static final String RESET = "\u001B[0m";

    private final boolean ansi;

    /**
     * @param ansi whether to write ANSI escapes
     */
    Style(boolean ansi) {
        this.ansi = ansi;
    }

    /**
     * @return whether standard input and output are a terminal
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a Console even when redirected; isTerminal() tells the truth there.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        }
        catch (NoSuchMethodException ex) {
            return true;
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            return false;
        }
    }

    /** @return whether ANSI escapes are written */
    boolean ansi() {
        return ansi;
    }

    String green(String text) {
        return paint("32", text);
    }

    String yellow(String text) {
        return paint("33", text);
    }

    String red(String text) {
        return paint("31", text);
    }

    String bold(String text) {
        return paint("1", text);
    }

    String dim(String text) {
        return paint("2", text);
    }

    /**
     * @param status a migration status ({@code applied}, {@code pending}, ...)
     * @param text the text to paint
     * @return green for applied, yellow for pending and out of order, red for the rest
     */
    String status(String status, String text) {
        return switch (status) {
            case "applied", "succeeded", "rolled_back" -> green(text);
            case "pending", "held", "out_of_order", "started", "not_dry_runnable", "skipped" -> yellow(text);
            default -> red(text);
        };
    }

    /**
     * @param risk a risk ({@code low}, {@code medium}, {@code high}) or empty
     * @param text the text to paint
     * @return red for high, yellow for medium
     */
    String risk(String risk, String text) {
        return switch (risk) {
            case "high" -> red(text);
            case "medium" -> yellow(text);
            default -> text;
        };
    }

    private String paint(String code, String text) {
        return (ansi && !text.isEmpty()) ? "\u001B[" + code + "m" + text + RESET : text;
    }
}
