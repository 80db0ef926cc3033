package io.enclavesuite.suite;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the launcher needs to know. A setting is looked up as a {@code --name=value} argument, then a Java system
 * property, then an environment variable — the order Spring Boot itself uses, so the launcher and the services
 * never disagree about an external PostgreSQL or Kafka. Arguments the launcher does not own are passed on to every
 * service, so any Spring property can be set from the command line.
 */
record SuiteSettings(Path dataDir, int postgresPort, EmbeddedPostgresServer.Binaries postgresBinaries, int kafkaPort, int kafkaControllerPort, int apiPort,
                     int commandPort, int coordinationPort, int objectStorePort, int slackPort, int consolePort,
                     ManagementPorts managementPorts, InetAddress bindAddress, Optional<String> externalDatasourceUrl,
                     Optional<String> externalKafka, Optional<String> externalObjectStore,
                     String topicPrefix, Optional<String> kubeconfig, List<String> serviceArguments) {

    static final String DEFAULT_DATA_DIR = "./.enclave-data";

    /** Where every port of the suite listens unless {@code --enclave.suite.bind-address=} says otherwise. */
    static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    /**
     * Each service's actuator port ({@code management.server.port}): the probes, Prometheus and (enclave-query) the
     * replay endpoint, apart from the public API. The defaults are the services' own.
     */
    record ManagementPorts(int api, int command, int coordination, int slack, int console) {
    }

    /** Settings of the launcher alone; the services never see them. */
    private static final Set<String> LAUNCHER_ONLY = Set.of("data-dir", "postgres-port", "postgres-binaries", "kafka-port",
            "kafka-controller-port", "api-port", "command-port", "coordination-port", "object-store-port", "slack-port",
            "console-port", "api-management-port", "command-management-port", "coordination-management-port",
            "slack-management-port", "console-management-port",
            "enclave.suite.bind-address");

    static SuiteSettings from(String[] args, Map<String, String> env, Map<String, String> systemProperties) {
        Map<String, String> named = new LinkedHashMap<>();
        List<String> passOn = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value; got '" + arg + "'");
            }
            String name = arg.substring(2, arg.indexOf('='));
            named.put(name, arg.substring(arg.indexOf('=') + 1));
            if (!LAUNCHER_ONLY.contains(name)) {
                passOn.add(arg);
            }
        }
        Lookup lookup = new Lookup(named, systemProperties, env);
        return new SuiteSettings(
                Path.of(lookup.value("data-dir", "ENCLAVE_DATA_DIR", DEFAULT_DATA_DIR)).toAbsolutePath().normalize(),
                port(lookup.value("postgres-port", "ENCLAVE_POSTGRES_PORT", "15432")),
                EmbeddedPostgresServer.Binaries.parse(lookup.value("postgres-binaries", "ENCLAVE_POSTGRES_BINARIES", "auto")),
                port(lookup.value("kafka-port", "ENCLAVE_KAFKA_PORT", "9092")),
                port(lookup.value("kafka-controller-port", "ENCLAVE_KAFKA_CONTROLLER_PORT", "9093")),
                port(lookup.value("api-port", "ENCLAVE_API_PORT", "8080")),
                port(lookup.value("command-port", "ENCLAVE_COMMAND_PORT", "8081")),
                port(lookup.value("coordination-port", "ENCLAVE_COORDINATION_PORT", "8082")),
                port(lookup.value("object-store-port", "ENCLAVE_OBJECT_STORE_PORT", "8083")),
                port(lookup.value("slack-port", "ENCLAVE_SLACK_PORT", "8084")),
                port(lookup.value("console-port", "ENCLAVE_CONSOLE_PORT", "8086")),
                new ManagementPorts(port(lookup.value("api-management-port", "ENCLAVE_API_MANAGEMENT_PORT", "9080")),
                        port(lookup.value("command-management-port", "ENCLAVE_COMMAND_MANAGEMENT_PORT", "9081")),
                        port(lookup.value("coordination-management-port", "ENCLAVE_COORDINATION_MANAGEMENT_PORT",
                                "9082")),
                        port(lookup.value("slack-management-port", "ENCLAVE_SLACK_MANAGEMENT_PORT", "9084")),
                        port(lookup.value("console-management-port", "ENCLAVE_CONSOLE_MANAGEMENT_PORT", "9086"))),
                address(lookup.value("enclave.suite.bind-address", "ENCLAVE_SUITE_BINDADDRESS",
                        "ENCLAVE_SUITE_BIND_ADDRESS", DEFAULT_BIND_ADDRESS)),
                Optional.ofNullable(lookup.value("spring.datasource.url", "SPRING_DATASOURCE_URL", null)),
                Optional.ofNullable(lookup.value("spring.kafka.bootstrap-servers", "SPRING_KAFKA_BOOTSTRAPSERVERS",
                        "SPRING_KAFKA_BOOTSTRAP_SERVERS", null)),
                Optional.ofNullable(lookup.value("enclave.object-storage.endpoint", "ENCLAVE_OBJECTSTORAGE_ENDPOINT",
                        "ENCLAVE_OBJECT_STORAGE_ENDPOINT", null)),
                lookup.value("enclave.kafka.topic-prefix", "ENCLAVE_KAFKA_TOPICPREFIX", "ENCLAVE_KAFKA_TOPIC_PREFIX", ""),
                Optional.ofNullable(lookup.value("enclave.kubernetes.kubeconfig", "ENCLAVE_KUBERNETES_KUBECONFIG", null)),
                List.copyOf(passOn));
    }

    private record Lookup(Map<String, String> arguments, Map<String, String> systemProperties,
                          Map<String, String> env) {

        String value(String name, String variable, String fallback) {
            return value(name, variable, variable, fallback);
        }

        /** Spring's canonical variable drops a property's dashes; the legacy form turns them into underscores. */
        String value(String name, String variable, String legacyVariable, String fallback) {
            for (String candidate : new String[]{arguments.get(name), systemProperties.get(name), env.get(variable),
                    env.get(legacyVariable)}) {
                if (candidate != null && !candidate.isBlank()) {
                    return candidate.strip();
                }
            }
            return fallback;
        }
    }

    /**
     * The host the suite's own clients (the services, the Slack gateway's reads) connect to, as a URL writes it: the
     * bind address, or loopback when that is every interface.
     */
    String connectHost() {
        if (bindAddress.isAnyLocalAddress()) {
            return DEFAULT_BIND_ADDRESS;
        }
        String host = bindAddress.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** An IP address, not a name: what a server socket is bound to should not depend on name resolution. */
    private static InetAddress address(String text) {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("enclave.suite.bind-address: '" + text + "' is not an IP address "
                    + "(127.0.0.1, the default, for this machine only; 0.0.0.0 for every interface)");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("enclave.suite.bind-address: '" + text + "' is not an IP address", e);
        }
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
