package dev.confiture.junit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database names the built-database test classes were given, by class.
 */
final class Seen {

    static final Map<Class<?>, String> DATABASES = new ConcurrentHashMap<>();

    private Seen() {
    }
}
