package io.enclavesuite.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher needs to know, from {@code --name=value} arguments first, then environment variables.
 * Arguments it does not use itself are passed on to every service, so any Spring property can be set.
 */
record SuiteSettings(Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort, int apiPort,
                     int commandPort, Optional<String> externalDatasourceUrl, Optional<String> externalKafka,
                     List<String> serviceArguments) {

    static SuiteSettings from(String[] args, Map<String, String> env) {
        Map<String, String> named = new java.util.LinkedHashMap<>();
        List<String> passOn = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value; got '" + arg + "'");
            }
            String name = arg.substring(2, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            named.put(name, value);
            if (!LAUNCHER_ONLY.contains(name)) {
                passOn.add(arg);
            }
        }
        return new SuiteSettings(
                Path.of(value(named, env, "data-dir", "ENCLAVE_DATA_DIR", "./.enclave-data")).toAbsolutePath().normalize(),
                port(value(named, env, "postgres-port", "ENCLAVE_POSTGRES_PORT", "15432")),
                port(value(named, env, "kafka-port", "ENCLAVE_KAFKA_PORT", "9092")),
                port(value(named, env, "kafka-controller-port", "ENCLAVE_KAFKA_CONTROLLER_PORT", "9093")),
                port(value(named, env, "api-port", "ENCLAVE_API_PORT", "8080")),
                port(value(named, env, "command-port", "ENCLAVE_COMMAND_PORT", "8081")),
                Optional.ofNullable(value(named, env, "spring.datasource.url", "SPRING_DATASOURCE_URL", null)),
                Optional.ofNullable(value(named, env, "spring.kafka.bootstrap-servers", "SPRING_KAFKA_BOOTSTRAP_SERVERS", null)),
                List.copyOf(passOn));
    }

    private static final java.util.Set<String> LAUNCHER_ONLY = java.util.Set.of("data-dir", "postgres-port",
            "kafka-port", "kafka-controller-port", "api-port", "command-port");

    private static String value(Map<String, String> named, Map<String, String> env, String name, String variable,
                                String fallback) {
        String value = named.get(name);
        if (value == null || value.isBlank()) {
            value = env.get(variable);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port number");
        }
    }
}
