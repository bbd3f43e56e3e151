package dev.confiture.benchmarks;

import dev.confiture.testing.postgres.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What the numbers were measured on: cores, CPU, memory, Java, PostgreSQL and its durability settings, and
 * the versions of the contenders.
 */
final class MachineInfo {

    private MachineInfo() {
    }

    static Map<String, Object> describe(PostgresServer server) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("fresh_jvm_class_path", ColdStartProcess.classPathMode());
        machine.put("cpu", cpuModel());
        machine.put("memory_gib", memoryGib());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("java_version", System.getProperty("java.version"));
        machine.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        machine.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        machine.put("postgresql_server", server.description());
        Properties properties = new Properties();
        if (!server.user().isEmpty()) {
            properties.setProperty("user", server.user());
        }
        if (!server.password().isEmpty()) {
            properties.setProperty("password", server.password());
        }
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), properties);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_setting('server_version'), "
                        + "current_setting('fsync'), current_setting('synchronous_commit'), "
                        + "current_setting('full_page_writes'), current_setting('shared_buffers')")) {
            result.next();
            machine.put("postgresql_version", result.getString(1));
            machine.put("postgresql_fsync", result.getString(2));
            machine.put("postgresql_synchronous_commit", result.getString(3));
            machine.put("postgresql_full_page_writes", result.getString(4));
            machine.put("postgresql_shared_buffers", result.getString(5));
        }
        catch (SQLException ex) {
            machine.put("postgresql_version", "unknown: " + ex.getMessage());
        }
        machine.put("jdbc_driver", org.postgresql.util.DriverInfo.DRIVER_VERSION);
        machine.put("confiture_version", mavenVersion("dev.confiture", "confiture-core"));
        machine.put("flyway_version", mavenVersion("org.flywaydb", "flyway-core"));
        return machine;
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                for (String line : Files.readAllLines(cpuinfo)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            }
        }
        catch (IOException ex) {
            // unknown
        }
        return System.getProperty("os.arch");
    }

    private static Object memoryGib() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024) * 10) / 10.0;
        }
        return "unknown";
    }

    private static String mavenVersion(String groupId, String artifactId) {
        String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = MachineInfo.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        }
        catch (IOException ex) {
            // unknown
        }
        return "unknown";
    }
}
