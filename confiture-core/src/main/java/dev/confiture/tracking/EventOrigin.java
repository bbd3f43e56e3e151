package dev.confiture.tracking;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * Where events come from: written into every event row so one central log can hold the history of
 * every environment.
 *
 * @param environment the configured environment, e.g. {@code production}
 * @param host the host name of this process
 * @param application the application name, if configured
 */
public record EventOrigin(String environment, String host, @Nullable String application) {

    /**
     * An origin on this host.
     * @param environment the environment
     * @param application the application name, or {@code null}
     * @return the origin
     */
    public static EventOrigin local(String environment, @Nullable String application) {
        return new EventOrigin(environment, LOCAL_HOST, application);
    }

    private static final String LOCAL_HOST = hostName();

    /**
     * @return the host name of this process: {@code HOSTNAME} (a container's name) or the local host's name
     */
    public static String localHost() {
        return LOCAL_HOST;
    }

    /**
     * Which database a URL points at, for people and for the central log, without credentials or parameters:
     * {@code jdbc:postgresql://user@db.internal/app?password=x} becomes {@code db.internal:5432/app}.
     * @param url a {@code jdbc:postgresql:} URL
     * @return {@code host:port/database} (hosts as written, comma-separated when several; port 5432 when none)
     */
    public static String database(String url) {
        String rest = url.startsWith("jdbc:postgresql:") ? url.substring("jdbc:postgresql:".length()) : url;
        int query = rest.indexOf('?');
        String path = (query >= 0) ? rest.substring(0, query) : rest;
        if (!path.startsWith("//")) {
            return "localhost:5432/" + path;
        }
        int slash = path.indexOf('/', 2);
        String authority = (slash >= 0) ? path.substring(2, slash) : path.substring(2);
        String database = (slash >= 0) ? path.substring(slash + 1) : "";
        authority = authority.substring(authority.lastIndexOf('@') + 1); // never credentials
        StringBuilder hosts = new StringBuilder();
        for (String host : authority.split(",")) {
            if (hosts.length() > 0) {
                hosts.append(',');
            }
            boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
            hosts.append(host.isEmpty() ? "localhost" : host).append(hasPort ? "" : ":5432");
        }
        return hosts + "/" + database;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            return "unknown";
        }
    }
}
