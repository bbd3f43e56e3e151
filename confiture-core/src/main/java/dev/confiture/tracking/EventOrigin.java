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
