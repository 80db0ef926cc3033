package io.enclavesuite.deploy.compose;

import io.enclavesuite.deploy.SuiteService;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * docker-compose.yml as the suite needs it: PostgreSQL 16, Kafka in KRaft mode, MinIO and every service from its
 * image, each with a health check, and every dependency waiting for {@code service_healthy}. Read with SnakeYAML,
 * which resolves the file's anchors and {@code <<} merge keys as Compose does (Jackson's YAML reader does not).
 */
public final class ComposeFile {

    public static final List<String> INFRASTRUCTURE = List.of("postgres", "kafka", "minio");

    private final Map<String, Object> compose;

    public ComposeFile(Map<String, Object> compose) {
        this.compose = compose;
    }

    public static ComposeFile load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new ComposeFile(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public Map<String, Object> services() {
        return map(compose.get("services"));
    }

    public String image(String service) {
        return (String) map(services().get(service)).get("image");
    }

    public List<String> violations(String version) {
        List<String> violations = new ArrayList<>();
        Map<String, Object> services = services();
        for (String required : INFRASTRUCTURE) {
            if (!services.containsKey(required)) {
                violations.add("no service " + required);
            }
        }
        for (SuiteService service : SuiteService.ALL) {
            if (!services.containsKey(service.module())) {
                violations.add("no service " + service.module());
                continue;
            }
            suiteService(service, map(services.get(service.module())), version, violations);
        }
        services.forEach((name, definition) -> {
            Map<String, Object> service = map(definition);
            Object image = service.get("image");
            if (!(image instanceof String reference) || !reference.matches(".+:[^/:]+") || reference.endsWith(":latest")) {
                violations.add(name + ": image " + image + " is not pinned to a tag");
            }
            Map<String, Object> healthcheck = map(service.get("healthcheck"));
            if (healthcheck.get("test") == null || Boolean.TRUE.equals(healthcheck.get("disable"))) {
                violations.add(name + ": no health check");
            }
            dependencies(name, service.get("depends_on"), services, violations);
        });
        infrastructure(services, violations);
        return violations;
    }

    private static void suiteService(SuiteService service, Map<String, Object> definition, String version,
                                     List<String> violations) {
        String name = service.module();
        if (!service.image(version).equals(definition.get("image"))) {
            violations.add(name + ": image " + definition.get("image") + " is not " + service.image(version));
        }
        Map<String, Object> build = map(definition.get("build"));
        if (!"docker/Dockerfile".equals(build.get("dockerfile")) || !name.equals(map(build.get("args")).get("SERVICE"))) {
            violations.add(name + ": not built by docker/Dockerfile with SERVICE=" + name);
        }
        String test = String.valueOf(map(definition.get("healthcheck")).get("test"));
        if (!test.contains("/dev/tcp/127.0.0.1/" + service.port() + " ") || !test.contains("/actuator/health/readiness")) {
            violations.add(name + ": health check does not ask /actuator/health/readiness on port " + service.port());
        }
        Map<String, Object> environment = map(definition.get("environment"));
        if (!String.valueOf(environment.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://postgres:5432/")
                || !"kafka:9092".equals(environment.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))) {
            violations.add(name + ": not connected to the compose PostgreSQL and Kafka");
        }
        Map<String, Object> dependsOn = definition.get("depends_on") instanceof Map<?, ?> ? map(definition.get("depends_on")) : Map.of();
        for (String needed : List.of("postgres", "kafka")) {
            if (!dependsOn.containsKey(needed)) {
                violations.add(name + ": does not wait for " + needed);
            }
        }
    }

    /** Only the long form waits for health: a list (the short form) only waits for the container to start. */
    private static void dependencies(String name, Object dependsOn, Map<String, Object> services, List<String> violations) {
        if (dependsOn == null) {
            return;
        }
        if (!(dependsOn instanceof Map<?, ?>)) {
            violations.add(name + ": depends_on must name a condition for each dependency");
            return;
        }
        map(dependsOn).forEach((dependency, settings) -> {
            if (!"service_healthy".equals(map(settings).get("condition"))) {
                violations.add(name + ": depends on " + dependency + " without condition service_healthy");
            }
            if (!services.containsKey(dependency)) {
                violations.add(name + ": depends on unknown service " + dependency);
            }
        });
    }

    private static void infrastructure(Map<String, Object> services, List<String> violations) {
        if (services.get("postgres") != null
                && !String.valueOf(map(services.get("postgres")).get("image")).startsWith("postgres:16")) {
            violations.add("postgres: not PostgreSQL 16");
        }
        if (services.get("kafka") != null) {
            Map<String, Object> kafka = map(services.get("kafka"));
            Map<String, Object> environment = map(kafka.get("environment"));
            if (!String.valueOf(kafka.get("image")).startsWith("apache/kafka:")) {
                violations.add("kafka: not the official apache/kafka image");
            }
            if (environment.get("KAFKA_PROCESS_ROLES") == null || environment.keySet().stream().anyMatch(key -> key.contains("ZOOKEEPER"))) {
                violations.add("kafka: not in KRaft mode");
            }
        }
        if (services.get("minio") != null
                && !String.valueOf(map(services.get("minio")).get("image")).startsWith("minio/minio:RELEASE.")) {
            violations.add("minio: not a MinIO release image");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
