package io.enclavesuite.deploy.compose;

import io.enclavesuite.deploy.Repository;
import io.enclavesuite.deploy.SuiteService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ComposeFileTest {

    private static final String VERSION = Repository.version();

    private static ComposeFile compose() {
        return ComposeFile.load(Repository.file("docker-compose.yml"));
    }

    /** The repository's compose file with one change made to a service's (merged, mutable) definition. */
    @SuppressWarnings("unchecked")
    private static ComposeFile with(String service, Consumer<Map<String, Object>> change) {
        ComposeFile compose = compose();
        change.accept((Map<String, Object>) compose.services().get(service));
        return compose;
    }

    @Test
    void theRepositorysComposeFileRunsEveryServiceWithHealthChecksAndHealthyDependencies() {
        assertThat(compose().violations(VERSION)).isEmpty();
        assertThat(compose().services()).containsKeys("postgres", "kafka", "minio");
        for (SuiteService service : SuiteService.ALL) {
            assertThat(compose().image(service.module())).isEqualTo(service.image(VERSION));
        }
    }

    @Test
    void aServiceWithoutAHealthCheckIsRefused() {
        assertThat(with("enclave-query", service -> service.remove("healthcheck")).violations(VERSION))
                .contains("enclave-query: no health check");
    }

    @Test
    void aDependencyThatOnlyWaitsForTheContainerToStartIsRefused() {
        assertThat(with("enclave-command", service -> service.put("depends_on", List.of("postgres", "kafka")))
                .violations(VERSION)).contains("enclave-command: depends_on must name a condition for each dependency");
        assertThat(with("slack-gateway", service -> service.put("depends_on",
                Map.of("postgres", Map.of("condition", "service_started"), "kafka", Map.of("condition", "service_healthy"))))
                .violations(VERSION)).contains("slack-gateway: depends on postgres without condition service_healthy");
    }

    @Test
    void anImageOtherThanTheBuiltOneOrUnpinnedIsRefused() {
        assertThat(with("coordination-service", service -> service.put("image", "ghcr.io/enclave-suite/coordination-service:latest"))
                .violations(VERSION)).contains(
                "coordination-service: image ghcr.io/enclave-suite/coordination-service:latest is not "
                        + SuiteService.ALL.get(1).image(VERSION),
                "coordination-service: image ghcr.io/enclave-suite/coordination-service:latest is not pinned to a tag");
        assertThat(with("postgres", service -> service.put("image", "postgres")).violations(VERSION))
                .contains("postgres: image postgres is not pinned to a tag", "postgres: not PostgreSQL 16");
    }

    @Test
    void aHealthCheckOnAnotherPortOrPathIsRefused() {
        assertThat(with("enclave-command", service -> service.put("healthcheck",
                Map.of("test", List.of("CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && true /actuator/health/readiness"))))
                .violations(VERSION)).containsExactly(
                        "enclave-command: health check does not ask /actuator/health/readiness on the management port 9081");
    }

    @Test
    void aServiceConnectedElsewhereIsRefused() {
        assertThat(with("enclave-query", service -> service.put("environment",
                Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://localhost:5432/enclaves")))
                .violations(VERSION)).contains("enclave-query: not connected to the compose PostgreSQL and Kafka",
                "enclave-query: MANAGEMENT_SERVER_PORT is not 9080", "enclave-query: does not authenticate to Kafka as enclave-query");
    }

    /** compose stops at a ${VAR:?…} that is not set: .env.example must set every one, and nothing unused. */
    @Test
    void envExampleSetsExactlyTheVariablesComposeReads() throws IOException {
        String compose = Files.readString(Repository.file("docker-compose.yml"));
        Set<String> read = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        Matcher variable = Pattern
                .compile("(?<!\\$)\\$\\{([A-Z_][A-Z0-9_]*)(:?[-?][^}]*)?}").matcher(compose);
        while (variable.find()) {
            read.add(variable.group(1));
            if (variable.group(2) != null && variable.group(2).contains("?")) {
                required.add(variable.group(1));
            }
        }
        Set<String> example = new TreeSet<>();
        for (String line : Files.readAllLines(Repository.file(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                example.add(line.substring(0, line.indexOf('=')));
            }
        }

        assertThat(required).isNotEmpty();
        assertThat(example).containsAll(required);
        assertThat(read).containsAll(example);
    }

    @Test
    void aPublishedDatastoreOrAPortBeyondLoopbackIsRefused() {
        assertThat(with("postgres", service -> service.put("ports", List.of("127.0.0.1:5432:5432"))).violations(VERSION))
                .containsExactly("postgres: a datastore publishes [127.0.0.1:5432:5432] on the host");
        assertThat(with("minio", service -> service.put("ports", List.of("9000:9000"))).violations(VERSION))
                .containsExactly("minio: a datastore publishes [9000:9000] on the host", "minio: publishes 9000:9000 beyond 127.0.0.1");
        assertThat(with("kafka", service -> service.put("ports", List.of(new TreeMap<>(Map.of("target", 9094, "published", 9092)))))
                .violations(VERSION)).containsExactly("kafka: publishes {published=9092, target=9094} beyond 127.0.0.1");
        assertThat(with("enclave-query", service -> service.put("ports", List.of("8080:8080"))).violations(VERSION))
                .containsExactly("enclave-query: publishes [8080:8080], not its API port 8080 on 127.0.0.1 alone",
                        "enclave-query: publishes 8080:8080 beyond 127.0.0.1");
    }

    @Test
    void aPublishedManagementPortIsRefused() {
        assertThat(with("slack-gateway", service -> service.put("ports", List.of("127.0.0.1:8084:8084", "127.0.0.1:9084:9084")))
                .violations(VERSION)).containsExactly(
                        "slack-gateway: publishes [127.0.0.1:8084:8084, 127.0.0.1:9084:9084], not its API port 8084 on 127.0.0.1 alone");
    }

    @Test
    void aServiceThatDoesNotWaitForThePreflightIsRefused() {
        assertThat(with("minio", service -> service.remove("depends_on")).violations(VERSION))
                .containsExactly("minio: does not wait for the preflight");
        assertThat(with("enclave-command", service -> map(service.get("depends_on")).remove("preflight")).violations(VERSION))
                .isEmpty(); // it still waits through postgres, which waits for the preflight
    }

    @Test
    void theSigningKeyInAServiceThatDoesNotSignIsRefused() {
        assertThat(with("enclave-query", service -> volumes(service).set(0, "enclave-keys:/var/lib/enclave/keys:ro"))
                .violations(VERSION)).containsExactly("enclave-query: mounts the receipt signing key, yet does not sign");
        assertThat(with("receipts-public-key", service -> service.remove("network_mode")).violations(VERSION))
                .containsExactly("receipts-public-key: mounts the receipt signing key, yet does not sign");
    }

    @Test
    void theReceiptSigningKeyIsOnlyInTheWriteServicesAndThePublicHalfInTheReadSide() {
        Map<String, Object> services = compose().services();
        Set<String> mounting = new TreeSet<>();
        services.forEach((name, definition) -> {
            if (String.valueOf(map(definition).get("volumes")).contains("enclave-keys:")) {
                mounting.add(name);
            }
        });
        assertThat(mounting).containsExactlyInAnyOrder("enclave-command", "coordination-service", "receipts-public-key");
        assertThat(String.valueOf(map(services.get("enclave-query")).get("volumes")))
                .contains("receipts-public-key:/var/lib/enclave/keys:ro");
    }

    /** A database dump opens no room only while the KEK stays out of the database's reach. */
    @Test
    void theRoomKeysKekIsOnlyInCoordinationServiceAndNeverBesideTheDatabase() {
        Map<String, Object> coordination = map(compose().services().get("coordination-service"));
        assertThat(String.valueOf(map(coordination.get("environment")).get("COORDINATION_KEY_ENCRYPTION_KEY_FILE")))
                .isEqualTo("/var/lib/enclave/data/key-encryption-key");
        assertThat(volumes(coordination)).contains("coordination-kek:/var/lib/enclave/data");
        assertThat(with("postgres", service -> volumes(service).add("coordination-kek:/kek:ro")).violations(VERSION))
                .containsExactly("postgres: mounts the room keys' key-encryption key, which only coordination-service"
                        + " may hold");
    }

    @Test
    void kafkaWithAnUnauthenticatedListenerOrWithoutAclsIsRefused() {
        assertThat(with("kafka", service -> map(service.get("environment")).put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
                "INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT,HOST:SASL_PLAINTEXT")).violations(VERSION))
                .containsExactly("kafka: listener CONTROLLER:PLAINTEXT does not authenticate its clients");
        assertThat(with("kafka", service -> map(service.get("environment")).put("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "true"))
                .violations(VERSION)).containsExactly("kafka: does not authorise every request with ACLs");
    }

    /** Clients log in with SCRAM: no password crosses the compose network, and the broker's PLAIN is the admin's. */
    @Test
    void aClientLoggingInWithPlainOrABrokerAdmittingOneIsRefused() {
        assertThat(with("enclave-query", service -> map(service.get("environment")).put(
                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"enclave-query\" password=\"x\";")).violations(VERSION))
                .containsExactly("enclave-query: does not log in to Kafka with SCRAM (its password would cross the network)");
        assertThat(with("kafka", service -> map(service.get("environment")).put(
                "KAFKA_LISTENER_NAME_HOST_PLAIN_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required user_enclavectl=\"x\";")).violations(VERSION))
                .containsExactly("kafka: KAFKA_LISTENER_NAME_HOST_PLAIN_SASL_JAAS_CONFIG lets a client other than the "
                        + "admin log in with SASL/PLAIN");
    }

    /** The one-shot helpers run the JRE image the services are built on: one more image to trust, not a new one. */
    @Test
    void theOneShotHelpersRunTheServicesBaseImage() throws IOException {
        String jre = Files.readAllLines(Repository.file("docker/Dockerfile")).stream()
                .filter(line -> line.startsWith("ARG JRE_IMAGE=")).findFirst().orElseThrow().substring("ARG JRE_IMAGE=".length());
        assertThat(compose().image("preflight")).isEqualTo(jre);
        assertThat(compose().image("receipts-public-key")).isEqualTo(jre);
        assertThat(compose().image("api-token-key")).isEqualTo(jre);
        assertThat(compose().image("slack-gateway-token-key")).isEqualTo(jre);
        assertThat(compose().image("console-token-key")).isEqualTo(jre);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> volumes(Map<String, Object> service) {
        return (List<Object>) service.get("volumes");
    }

    /** Who sees which of docker/principals, read from the mounts themselves. */
    @Test
    void theWriteServicesSeeOnlyThePublicKeysAndTheGatewayOnlyItsOwnPrivateKey() {
        Map<String, Object> services = compose().services();
        for (String write : SuiteService.WRITE_SERVICES) {
            Map<String, Object> service = map(services.get(write));
            List<ComposeFile.Mount> principals = ComposeFile.mounts(service).stream().filter(ComposeFile.Mount::principals).toList();
            assertThat(principals).as(write).containsExactly(
                    new ComposeFile.Mount(ComposeFile.PUBLIC_KEYS, "/etc/enclave/principals", true));
            assertThat(map(service.get("environment"))).as(write)
                    .containsEntry("ENCLAVE_PRINCIPALS_KEY_FOLDER", "/etc/enclave/principals")
                    .doesNotContainKey("ENCLAVE_SLACK_PRINCIPAL_KEY_FILE");
        }
        Map<String, Object> gateway = map(services.get("slack-gateway"));
        assertThat(ComposeFile.mounts(gateway).stream().filter(ComposeFile.Mount::principals).toList()).containsExactly(
                new ComposeFile.Mount(ComposeFile.GATEWAY_KEY, "/etc/enclave/principal/slack-gateway.key.pem", true));
        assertThat(map(gateway.get("environment")))
                .containsEntry("ENCLAVE_SLACK_PRINCIPAL_KEY_FILE", "/etc/enclave/principal/slack-gateway.key.pem")
                .doesNotContainKey("ENCLAVE_PRINCIPALS_KEY_FOLDER");
        // a missing key fails "up" naming the file, rather than docker making a directory in its place
        assertThat(volumes(gateway)).filteredOn(volume -> volume instanceof Map<?, ?>)
                .singleElement().satisfies(volume -> assertThat(map(map(volume).get("bind")))
                        .containsEntry("create_host_path", false));

        Set<String> seeingGatewayKey = new TreeSet<>();
        services.forEach((name, definition) -> {
            if (ComposeFile.mounts(map(definition)).stream().anyMatch(mount -> mount.principals() && !mount.publicKeysOnly())) {
                seeingGatewayKey.add(name);
            }
        });
        // the preflight checks the keys read-only, without a network, and exits
        assertThat(seeingGatewayKey).containsExactlyInAnyOrder("slack-gateway", "console", ComposeFile.PREFLIGHT);
        Map<String, Object> console = map(services.get("console"));
        assertThat(ComposeFile.mounts(console).stream().filter(ComposeFile.Mount::principals).toList()).containsExactly(
                new ComposeFile.Mount("./docker/principals/console.key.pem", "/etc/enclave/principal/console.key.pem", true));
        assertThat(map(console.get("environment")))
                .containsEntry("ENCLAVE_CONSOLE_PRINCIPAL_KEY_FILE", "/etc/enclave/principal/console.key.pem");
        Map<String, Object> preflight = map(services.get(ComposeFile.PREFLIGHT));
        assertThat(preflight).containsEntry("network_mode", "none").containsEntry("restart", "no");
        assertThat(ComposeFile.mounts(preflight)).contains(new ComposeFile.Mount(ComposeFile.PRINCIPALS, "/preflight/principals", true));
    }

    @Test
    void aPrivateKeyBeyondItsPrincipalOrAWritableOrMissingKeyFolderIsRefused() {
        assertThat(with("enclave-command", service -> volumes(service).replaceAll(volume ->
                String.valueOf(volume).startsWith(ComposeFile.PUBLIC_KEYS + ":") ? "./docker/principals:/etc/enclave/principals:ro" : volume))
                .violations(VERSION)).containsExactly(
                        "enclave-command: sees principals' keys it must not (./docker/principals)",
                        "enclave-command: ENCLAVE_PRINCIPALS_KEY_FOLDER is not ./docker/principals/public mounted read-only");
        assertThat(with("coordination-service", service -> volumes(service).replaceAll(volume ->
                String.valueOf(volume).startsWith(ComposeFile.PUBLIC_KEYS + ":") ? ComposeFile.PUBLIC_KEYS + ":/etc/enclave/principals" : volume))
                .violations(VERSION)).containsExactly(
                        "coordination-service: mounts principals' keys writable (./docker/principals/public)",
                        "coordination-service: ENCLAVE_PRINCIPALS_KEY_FOLDER is not ./docker/principals/public mounted read-only");
        assertThat(with("coordination-service", service -> map(service.get("environment")).remove("ENCLAVE_PRINCIPALS_KEY_FOLDER"))
                .violations(VERSION)).containsExactly(
                        "coordination-service: ENCLAVE_PRINCIPALS_KEY_FOLDER is not ./docker/principals/public mounted read-only");
        assertThat(with("enclave-query", service -> volumes(service).add(ComposeFile.GATEWAY_KEY + ":/etc/key.pem:ro"))
                .violations(VERSION)).containsExactly("enclave-query: sees principals' keys it must not (./docker/principals/slack-gateway.key.pem)");
        assertThat(with("kafka", service -> volumes(service).add("./docker:/enclave/docker:ro"))
                .violations(VERSION)).containsExactly("kafka: sees principals' keys it must not (./docker)");
        assertThat(with("receipts-public-key", service -> volumes(service).add(ComposeFile.PUBLIC_KEYS + ":/keys:ro"))
                .violations(VERSION)).isEmpty(); // a network-less one-shot may read keys, as the preflight does
        assertThat(with("kafka-setup", service -> service.put("volumes", List.of(ComposeFile.PUBLIC_KEYS + ":/keys:ro")))
                .violations(VERSION)).containsExactly("kafka-setup: sees principals' keys it must not (./docker/principals/public)");
    }

    @Test
    void aConsoleWithAnotherPrincipalsKeyOrTokenKeyOrADatabaseIsRefused() {
        assertThat(with("console", service -> volumes(service).add(ComposeFile.GATEWAY_KEY + ":/etc/enclave/gw.pem:ro"))
                .violations(VERSION)).containsExactly(
                        "console: sees principals' keys it must not (./docker/principals/slack-gateway.key.pem)");
        assertThat(with("console", service -> volumes(service).removeIf(volume -> volume instanceof Map<?, ?>))
                .violations(VERSION)).containsExactly(
                        "console: ENCLAVE_CONSOLE_PRINCIPAL_KEY_FILE is not ./docker/principals/console.key.pem mounted read-only");
        assertThat(with("console", service -> volumes(service).replaceAll(volume ->
                String.valueOf(volume).startsWith("console-token-key:") ? "slack-gateway-token-key:/var/lib/enclave/issuer:ro" : volume))
                .violations(VERSION)).containsExactly(
                        "console: mounts the Slack gateway's token key (slack-gateway-token-key), which only the gateway "
                                + "may hold, read-only",
                        "console: ENCLAVE_CONSOLE_ISSUER_KEY_FILE is not in console-token-key");
        assertThat(with("slack-gateway", service -> volumes(service).add("console-token-key:/var/lib/enclave/console:ro"))
                .violations(VERSION)).containsExactly(
                        "slack-gateway: mounts the console's token key (console-token-key), which only the console "
                                + "may hold, read-only");
        // its sessions are in the compose PostgreSQL, as the other services' data
        assertThat(with("console", service -> map(service.get("environment")).remove("SPRING_DATASOURCE_URL"))
                .violations(VERSION)).containsExactly("console: not connected to the compose PostgreSQL and Kafka");
        assertThat(with("console", service -> map(service.get("depends_on")).remove("postgres"))
                .violations(VERSION)).containsExactly("console: does not wait for postgres");
    }

    @Test
    void aGatewayWithoutItsKeyOrWithOtherPrincipalsKeysIsRefused() {
        assertThat(with("slack-gateway", service -> volumes(service).removeIf(volume -> volume instanceof Map<?, ?>))
                .violations(VERSION)).containsExactly(
                        "slack-gateway: ENCLAVE_SLACK_PRINCIPAL_KEY_FILE is not ./docker/principals/slack-gateway.key.pem mounted read-only");
        assertThat(with("slack-gateway", service -> volumes(service).add("./docker/principals/enclavectl.key.pem:/etc/enclave/ctl.pem:ro"))
                .violations(VERSION)).containsExactly(
                        "slack-gateway: sees principals' keys it must not (./docker/principals/enclavectl.key.pem)");
        assertThat(with("slack-gateway", service -> volumes(service).add(ComposeFile.PUBLIC_KEYS + ":/etc/enclave/principals:ro"))
                .violations(VERSION)).containsExactly(
                        "slack-gateway: sees principals' keys it must not (./docker/principals/public)");
        assertThat(with("slack-gateway", service -> map(volumes(service).stream().filter(volume -> volume instanceof Map<?, ?>)
                .findFirst().orElseThrow()).put("read_only", false)).violations(VERSION)).containsExactly(
                        "slack-gateway: mounts principals' keys writable (./docker/principals/slack-gateway.key.pem)",
                        "slack-gateway: ENCLAVE_SLACK_PRINCIPAL_KEY_FILE is not ./docker/principals/slack-gateway.key.pem mounted read-only");
    }

    /** On one machine enclavectl is an operator tool: every command, for anyone (Spring's relaxed binding of a map key). */
    @Test
    void theWriteServicesRegisterEnclavectlAsAnOperatorTool() {
        for (String write : SuiteService.WRITE_SERVICES) {
            assertThat(map(map(compose().services().get(write)).get("environment"))).as(write)
                    .containsEntry("ENCLAVE_PRINCIPALS_REGISTRY_ENCLAVECTL_COMMANDS", "*")
                    .containsEntry("ENCLAVE_PRINCIPALS_REGISTRY_ENCLAVECTL_ACTSFOR", "anyone")
                    .containsEntry("ENCLAVE_PRINCIPALS_REGISTRY_ENCLAVECTL_OPERATOR", "true");
        }
    }

    /** Their /internal endpoints check bearer tokens as the read API does: the same key file, read-only. */
    @Test
    void theWriteServicesCheckTokensWithTheReadSidesKeyReadOnly() {
        Map<String, Object> services = compose().services();
        for (String write : SuiteService.WRITE_SERVICES) {
            Map<String, Object> service = map(services.get(write));
            assertThat(map(service.get("environment"))).as(write)
                    .containsEntry("ENCLAVE_API_AUTH_LOCAL_KEY_FILE", "/var/lib/enclave/api/token-key.pem");
            assertThat(ComposeFile.mounts(service)).as(write).contains(new ComposeFile.Mount("query-data", "/var/lib/enclave/api", true));
            assertThat(map(service.get("depends_on"))).as(write).containsKey("api-token-key");
        }
        assertThat(map(map(services.get("enclave-query")).get("environment")))
                .containsEntry("ENCLAVE_API_AUTH_LOCAL_KEY_FILE", "/var/lib/enclave/data/token-key.pem");
        assertThat(ComposeFile.mounts(map(services.get("enclave-query")))).contains(new ComposeFile.Mount("query-data", "/var/lib/enclave/data", false));

        assertThat(with("enclave-command", service -> map(service.get("environment")).remove("ENCLAVE_API_AUTH_LOCAL_KEY_FILE"))
                .violations(VERSION)).containsExactly(
                        "enclave-command: token settings [SPRING_APPLICATION_JSON] are not enclave-query's [ENCLAVE_API_AUTH_LOCAL_KEY_FILE, SPRING_APPLICATION_JSON]");
        assertThat(with("coordination-service", service -> volumes(service).replaceAll(volume ->
                "query-data:/var/lib/enclave/api:ro".equals(volume) ? "query-data:/var/lib/enclave/api" : volume))
                .violations(VERSION)).containsExactly("coordination-service: ENCLAVE_API_AUTH_LOCAL_KEY_FILE is mounted writable");
        assertThat(with("coordination-service", service -> volumes(service).replaceAll(volume ->
                "query-data:/var/lib/enclave/api:ro".equals(volume) ? "command-data:/var/lib/enclave/api:ro" : volume))
                .violations(VERSION)).containsExactly("coordination-service: ENCLAVE_API_AUTH_LOCAL_KEY_FILE is not enclave-query's key file");
        assertThat(with("enclave-query", service -> map(service.get("environment")).put("ENCLAVE_API_AUTH_AUDIENCE", "other"))
                .violations(VERSION)).containsExactly(
                        "enclave-command: token settings [ENCLAVE_API_AUTH_LOCAL_KEY_FILE, SPRING_APPLICATION_JSON] are not enclave-query's [ENCLAVE_API_AUTH_AUDIENCE, ENCLAVE_API_AUTH_LOCAL_KEY_FILE, SPRING_APPLICATION_JSON]",
                        "coordination-service: token settings [ENCLAVE_API_AUTH_LOCAL_KEY_FILE, SPRING_APPLICATION_JSON] are not enclave-query's [ENCLAVE_API_AUTH_AUDIENCE, ENCLAVE_API_AUTH_LOCAL_KEY_FILE, SPRING_APPLICATION_JSON]");
        assertThat(with("enclave-query", service -> map(service.get("environment")).put("SPRING_APPLICATION_JSON", "{}"))
                .violations(VERSION)).containsExactly("enclave-command: SPRING_APPLICATION_JSON is not enclave-query's",
                        "coordination-service: SPRING_APPLICATION_JSON is not enclave-query's");
    }

    /**
     * The Slack gateway signs its reads with a token key of its own, which only it holds (read-only); the read side
     * and the write services trust the public half, named in SPRING_APPLICATION_JSON from the volume service-issuers.
     * The gateway no longer sees the local issuer's key, which signs a token for anyone.
     */
    @Test
    void eachServiceHoldsOnlyItsOwnTokenKeyAndTheCheckersThePublicHalves() {
        Map<String, Object> services = compose().services();
        Map<String, Object> gateway = map(services.get("slack-gateway"));
        assertThat(map(gateway.get("environment"))).containsEntry("ENCLAVE_SLACK_ISSUER_KEY_FILE",
                "/var/lib/enclave/issuer/token-key.pem").doesNotContainKey("ENCLAVE_SLACK_TOKEN_KEY_FILE");
        assertThat(ComposeFile.mounts(gateway)).contains(new ComposeFile.Mount(ComposeFile.GATEWAY_TOKEN_KEY_VOLUME,
                "/var/lib/enclave/issuer", true)).noneMatch(mount -> mount.source().equals("query-data"));
        for (String checker : List.of("enclave-query", "enclave-command", "coordination-service")) {
            Map<String, Object> service = map(services.get(checker));
            assertThat(String.valueOf(map(service.get("environment")).get("SPRING_APPLICATION_JSON"))).as(checker)
                    .isEqualTo("{\"enclave.api.auth.service-issuers.slack-gateway\": "
                            + "\"/var/lib/enclave/service-issuers/slack-gateway.pem\", "
                            + "\"enclave.api.auth.service-issuers.console\": "
                            + "\"/var/lib/enclave/service-issuers/console.pem\"}");
            assertThat(ComposeFile.mounts(service)).as(checker).contains(new ComposeFile.Mount("service-issuers",
                    "/var/lib/enclave/service-issuers", true))
                    .noneMatch(mount -> mount.source().equals(ComposeFile.GATEWAY_TOKEN_KEY_VOLUME));
            assertThat(map(service.get("depends_on"))).as(checker).containsKeys("slack-gateway-token-key", "console-token-key");
        }
        Map<String, Object> console = map(services.get("console"));
        assertThat(map(console.get("environment"))).containsEntry("ENCLAVE_CONSOLE_ISSUER_KEY_FILE",
                "/var/lib/enclave/issuer/token-key.pem");
        assertThat(ComposeFile.mounts(console)).contains(new ComposeFile.Mount("console-token-key",
                "/var/lib/enclave/issuer", true)).noneMatch(mount -> mount.source().equals("query-data")
                || mount.source().equals(ComposeFile.GATEWAY_TOKEN_KEY_VOLUME));

        assertThat(with("enclave-query", service -> volumes(service).add("slack-gateway-token-key:/var/lib/enclave/gw:ro"))
                .violations(VERSION)).containsExactly("enclave-query: mounts the Slack gateway's token key "
                        + "(slack-gateway-token-key), which only the gateway may hold, read-only");
        assertThat(with("slack-gateway", service -> volumes(service).replaceAll(volume ->
                String.valueOf(volume).startsWith("slack-gateway-token-key:") ? "slack-gateway-token-key:/var/lib/enclave/issuer" : volume))
                .violations(VERSION)).containsExactly("slack-gateway: mounts the Slack gateway's token key "
                        + "(slack-gateway-token-key), which only the gateway may hold, read-only");
        assertThat(with("slack-gateway", service -> {
            volumes(service).add("query-data:/var/lib/enclave/query:ro");
            map(service.get("environment")).put("ENCLAVE_SLACK_ISSUER_KEY_FILE", "/var/lib/enclave/query/token-key.pem");
        }).violations(VERSION)).containsExactly(
                "slack-gateway: mounts the local issuer's key (query-data), which signs a token for anyone",
                "slack-gateway: ENCLAVE_SLACK_ISSUER_KEY_FILE is not in slack-gateway-token-key");
    }

    @Test
    void kafkaWithZooKeeperIsRefused() {
        assertThat(with("kafka", service -> service.put("environment", Map.of("KAFKA_ZOOKEEPER_CONNECT", "zk:2181")))
                .violations(VERSION)).contains("kafka: not in KRaft mode");
    }
}
