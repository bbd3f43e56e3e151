package dev.confiture.sql;

/**
 * Case-insensitive keyword comparison the way PostgreSQL does it: only ASCII letters fold, so
 * {@code BEGİN} or {@code begın} is never {@code BEGIN}, whatever the JVM's locale.
 */
final class Keyword {

    private Keyword() {
    }

    /**
     * @param text the script
     * @param start the first char of the token
     * @param end the char after the token
     * @param keyword the keyword in upper case
     * @return whether the token spells the keyword
     */
    static boolean matches(String text, int start, int end, String keyword) {
        if (end - start != keyword.length()) {
            return false;
        }
        for (int i = 0; i < keyword.length(); i++) {
            if (upper(text.charAt(start + i)) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the token with ASCII letters in upper case
     */
    static String upper(String text, int start, int end) {
        StringBuilder word = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            word.append(upper(text.charAt(i)));
        }
        return word.toString();
    }

    private static char upper(char c) {
        return (c >= 'a' && c <= 'z') ? (char) (c - ('a' - 'A')) : c;
    }
}
