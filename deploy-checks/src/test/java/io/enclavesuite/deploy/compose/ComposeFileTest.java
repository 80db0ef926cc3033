package io.enclavesuite.deploy.compose;

import io.enclavesuite.deploy.Repository;
import io.enclavesuite.deploy.SuiteService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
                .violations(VERSION)).containsExactly("slack-gateway: depends on postgres without condition service_healthy");
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
                Map.of("test", List.of("CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && true /actuator/health"))))
                .violations(VERSION))
                .containsExactly("enclave-command: health check does not ask /actuator/health/readiness on port 8081");
    }

    @Test
    void aServiceConnectedElsewhereIsRefused() {
        assertThat(with("enclave-query", service -> service.put("environment",
                Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://localhost:5432/enclaves")))
                .violations(VERSION)).containsExactly("enclave-query: not connected to the compose PostgreSQL and Kafka");
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
    void kafkaWithZooKeeperIsRefused() {
        assertThat(with("kafka", service -> service.put("environment", Map.of("KAFKA_ZOOKEEPER_CONNECT", "zk:2181")))
                .violations(VERSION)).containsExactly("kafka: not in KRaft mode");
    }
}
