package io.enclavesuite.deploy;

import java.util.List;

/**
 * A service the suite deploys: its Maven module (which builds {@code <module>-<version>-exec.jar}), the port of its
 * HTTP API, the separate port its actuator (health, Prometheus) answers on ({@code management.server.port}, never
 * published) and its main class. The one image naming rule lives here.
 */
public record SuiteService(String module, int port, int managementPort, String mainClass) {

    /** Where every service's image is published; the tag is the Maven project version. */
    public static final String REGISTRY = "ghcr.io/enclave-suite/";

    public static final List<SuiteService> ALL = List.of(
            new SuiteService("enclave-command", 8081, 9081, "io.enclavesuite.command.EnclaveCommandApplication"),
            new SuiteService("coordination-service", 8082, 9082,
                    "io.enclavesuite.coordination.CoordinationServiceApplication"),
            new SuiteService("enclave-query", 8080, 9080, "io.enclavesuite.query.EnclaveQueryApplication"),
            new SuiteService("slack-gateway", 8084, 9084, "io.enclavesuite.slack.SlackGatewayApplication"),
            new SuiteService("console", 8086, 9086, "io.enclavesuite.console.ConsoleApplication"));

    /** The services that decide and sign: they hold the receipt signing key, and only they publish events. */
    public static final List<String> WRITE_SERVICES = List.of("enclave-command", "coordination-service");

    public String image(String version) {
        return REGISTRY + module + ":" + version;
    }

    public static boolean isSuiteImage(String image) {
        return image.startsWith(REGISTRY);
    }
}
