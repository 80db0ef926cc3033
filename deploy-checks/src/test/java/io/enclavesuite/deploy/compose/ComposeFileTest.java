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
        assertThat(with("enclave-query", service -> service.put("volumes", List.of("enclave-keys:/var/lib/enclave/keys:ro")))
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

    @Test
    void kafkaWithAnUnauthenticatedListenerOrWithoutAclsIsRefused() {
        assertThat(with("kafka", service -> map(service.get("environment")).put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
                "INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT,HOST:SASL_PLAINTEXT")).violations(VERSION))
                .containsExactly("kafka: listener CONTROLLER:PLAINTEXT does not authenticate its clients");
        assertThat(with("kafka", service -> map(service.get("environment")).put("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "true"))
                .violations(VERSION)).containsExactly("kafka: does not authorise every request with ACLs");
    }

    /** The one-shot helpers run the JRE image the services are built on: one more image to trust, not a new one. */
    @Test
    void theOneShotHelpersRunTheServicesBaseImage() throws IOException {
        String jre = Files.readAllLines(Repository.file("docker/Dockerfile")).stream()
                .filter(line -> line.startsWith("ARG JRE_IMAGE=")).findFirst().orElseThrow().substring("ARG JRE_IMAGE=".length());
        assertThat(compose().image("preflight")).isEqualTo(jre);
        assertThat(compose().image("receipts-public-key")).isEqualTo(jre);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void kafkaWithZooKeeperIsRefused() {
        assertThat(with("kafka", service -> service.put("environment", Map.of("KAFKA_ZOOKEEPER_CONNECT", "zk:2181")))
                .violations(VERSION)).contains("kafka: not in KRaft mode");
    }
}
