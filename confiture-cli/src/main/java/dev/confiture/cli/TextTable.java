package dev.confiture.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A plain text table: a header row, columns padded to their widest cell, two spaces between them.
 * Colours are applied after padding, so escapes never shift the columns.
 */
final class TextTable {

    private final List<String> headers;

    private final List<List<Cell>> rows = new ArrayList<>();

    /**
     * @param headers the column names
     */
    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    /**
     * @param cells one cell per column
     * @return this table
     */
    TextTable row(Cell... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    /**
     * @return whether the table has no rows
     */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * @param out where to print
     * @param style for the header
     */
    void print(PrintWriter out, Style style) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<Cell> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).text().length());
            }
        }
        List<Cell> header = headers.stream().map(text -> new Cell(text, style::bold)).toList();
        out.println(line(header, widths));
        for (List<Cell> row : rows) {
            out.println(line(row, widths));
        }
    }

    private static String line(List<Cell> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            boolean last = i == cells.size() - 1;
            line.append(cell.paint().apply(cell.text()));
            if (!last) {
                line.append(" ".repeat(widths[i] - cell.text().length() + 2));
            }
        }
        return line.toString().stripTrailing();
    }

    /**
     * One cell.
     *
     * @param text the plain text
     * @param paint colours it (identity for none)
     */
    record Cell(String text, UnaryOperator<String> paint) {

        /**
         * @param text the text, {@code null} shown as {@code -}
         * @return an uncoloured cell
         */
        static Cell of(@org.jspecify.annotations.Nullable Object text) {
            return new Cell((text == null) ? "-" : text.toString(), UnaryOperator.identity());
        }
    }
}
