package dev.confiture.schema;

import java.util.Comparator;

/**
 * The order schema files are applied in: their paths (relative to the schema location, {@code '/'}
 * separated) are compared segment by segment, so a directory's files stay together. Within a segment,
 * leading digits compare as a number ({@code 2_b} before {@code 10_a}; {@code 00_}, {@code 0_} and
 * {@code 000_} are equal as numbers), then the rest of the segment compares by name, character by
 * character (case-sensitive, independent of the locale). A segment with leading digits comes before one
 * without; a segment that is equal as a number and by name (e.g. {@code 1_a} and {@code 01_a}) is
 * ordered by its text. A shorter path that is a prefix of a longer one comes first.
 *
 * <pre>
 * 00_extensions/uuid.sql
 * 2_types.sql
 * 10_tables/001_tb_customer.sql
 * 10_tables/002_tb_order.sql
 * 10_tables/10_tb_invoice.sql
 * 20_views/v_customer.sql
 * functions.sql
 * </pre>
 */
final class SchemaFileOrder {

    /** Compares {@code '/'}-separated relative paths in schema order. */
    static final Comparator<String> PATHS = SchemaFileOrder::compare;

    private SchemaFileOrder() {
    }

    /**
     * @param left a relative path, {@code '/'}-separated
     * @param right another one
     * @return negative, zero or positive as {@code left} comes before, with or after {@code right}
     */
    static int compare(String left, String right) {
        String[] a = left.split("/", -1);
        String[] b = right.split("/", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int result = compareSegments(a[i], b[i]);
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    static int compareSegments(String a, String b) {
        int digitsA = leadingDigits(a);
        int digitsB = leadingDigits(b);
        if (digitsA > 0 && digitsB > 0) {
            int result = compareNumbers(a.substring(0, digitsA), b.substring(0, digitsB));
            if (result == 0) {
                result = a.substring(digitsA).compareTo(b.substring(digitsB));
            }
            return (result != 0) ? result : a.compareTo(b);
        }
        if (digitsA > 0 || digitsB > 0) {
            return (digitsA > 0) ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static int leadingDigits(String segment) {
        int i = 0;
        while (i < segment.length() && segment.charAt(i) >= '0' && segment.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** Compares digit strings of any length as numbers, without parsing them. */
    private static int compareNumbers(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        return (x.length() != y.length()) ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
