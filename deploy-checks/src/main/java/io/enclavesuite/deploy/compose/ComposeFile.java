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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docker-compose.yml as the suite needs it: PostgreSQL 16, Kafka in KRaft mode, MinIO and every service from its
 * image, each with a health check on its management port, and every dependency waiting for {@code service_healthy}
 * (or, on a one-shot service, {@code service_completed_successfully}). And what it must not do: publish a
 * datastore, publish anything beyond 127.0.0.1 or a management port, start anything before the preflight has
 * checked the secrets, let a Kafka client in unauthenticated, hand the receipt signing key to a service that
 * does not sign, or a principal's private key to anyone but that principal (the write services see the public keys
 * only, and check bearer tokens as enclave-query does), or a private token key to anyone but its issuer (the gateway
 * and the console sign with their own, the read side and the write services hold the public halves). Read with SnakeYAML, which resolves the file's anchors and {@code <<} merge keys as Compose does
 * (Jackson's YAML reader does not).
 */
public final class ComposeFile {

    public static final List<String> INFRASTRUCTURE = List.of("postgres", "kafka", "minio");
    /** Datastores are not published on the host: only the services reach them. */
    public static final List<String> DATASTORES = List.of("postgres", "minio");
    /** The one-shot service every other one waits for: it refuses placeholder secrets. */
    public static final String PREFLIGHT = "preflight";
    /** The volume holding the receipt signing key. */
    public static final String SIGNING_KEY_VOLUME = "enclave-keys";
    /** The volume holding the key-encryption key that wraps every room's private key. */
    public static final String ROOM_KEK_VOLUME = "coordination-kek";
    /** The one service that unwraps room keys. */
    public static final String ROOM_KEK_HOLDER = "coordination-service";
    /** The principals' keys the operator makes: private keys here, public halves in {@link #PUBLIC_KEYS}. */
    public static final String PRINCIPALS = "./docker/principals";
    public static final String PUBLIC_KEYS = PRINCIPALS + "/public";
    public static final String GATEWAY = "slack-gateway";
    /** The gateway's private key: the one file of {@link #PRINCIPALS} it may see. */
    public static final String GATEWAY_KEY = PRINCIPALS + "/slack-gateway.key.pem";
    /** The read side's token settings, which the write services must share (all but the read side's operators). */
    public static final String TOKEN_SETTINGS = "ENCLAVE_API_AUTH_";
    /**
     * Where the service issuers' public keys are named ({@code enclave.api.auth.service-issuers.<service>}: a map
     * key with a "-" cannot be spelt in a variable's name): a token setting too.
     */
    public static final String APPLICATION_JSON = "SPRING_APPLICATION_JSON";
    /** The volume holding the local issuer's private key, which signs a token for anyone. */
    public static final String LOCAL_ISSUER_VOLUME = "query-data";
    /** The volume holding the Slack gateway's own token key, which only the gateway signs with. */
    public static final String GATEWAY_TOKEN_KEY_VOLUME = "slack-gateway-token-key";
    public static final String CONSOLE = "console";

    /**
     * A service that signs its own commands as a principal and its people's read-API tokens as an issuer: its private
     * principal key (the one file of {@link #PRINCIPALS} it may see, at the path {@code principalKeyVariable} names)
     * and its token key's volume (only it holds, read-only; {@code issuerKeyVariable} names the key in it).
     */
    public record Signer(String service, String title, String principalKey, String principalKeyVariable,
                         String tokenKeyVolume, String issuerKeyVariable) {
    }

    public static final List<Signer> SIGNERS = List.of(
            new Signer(GATEWAY, "the Slack gateway", GATEWAY_KEY, "ENCLAVE_SLACK_PRINCIPAL_KEY_FILE",
                    GATEWAY_TOKEN_KEY_VOLUME, "ENCLAVE_SLACK_ISSUER_KEY_FILE"),
            new Signer(CONSOLE, "the console", PRINCIPALS + "/console.key.pem", "ENCLAVE_CONSOLE_PRINCIPAL_KEY_FILE",
                    "console-token-key", "ENCLAVE_CONSOLE_ISSUER_KEY_FILE"));

    /** A volume or bind mount of a service: {@code source} is a volume name or a host path as written. */
    public record Mount(String source, String target, boolean readOnly) {

        /** Shows some of the principals' keys: their folder, a file in it, or a folder holding it (./docker). */
        boolean principals() {
            String folder = source.endsWith("/") ? source : source + "/";
            return source.equals(PRINCIPALS) || source.startsWith(PRINCIPALS + "/") || PRINCIPALS.startsWith(folder);
        }

        boolean publicKeysOnly() {
            return source.equals(PUBLIC_KEYS) || source.startsWith(PUBLIC_KEYS + "/");
        }

        /** The file inside this mount at {@code path} in the container, relative to the source; null: not in it. */
        String locate(String path) {
            return path != null && path.startsWith(target + "/") ? path.substring(target.length() + 1) : null;
        }
    }

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
        if (!services.containsKey(PREFLIGHT)) {
            violations.add("no service " + PREFLIGHT);
        }
        services.forEach((name, definition) -> {
            Map<String, Object> service = map(definition);
            Object image = service.get("image");
            if (!(image instanceof String reference) || !reference.matches(".+:[^/:]+") || reference.endsWith(":latest")) {
                violations.add(name + ": image " + image + " is not pinned to a tag");
            }
            Map<String, Object> healthcheck = map(service.get("healthcheck"));
            if (!oneShot(service) && (healthcheck.get("test") == null || Boolean.TRUE.equals(healthcheck.get("disable")))) {
                violations.add(name + ": no health check");
            }
            dependencies(name, service.get("depends_on"), services, violations);
            ports(name, service, violations);
            if (!name.equals(PREFLIGHT) && services.containsKey(PREFLIGHT) && !waitsFor(name, PREFLIGHT, services, new HashSet<>())) {
                violations.add(name + ": does not wait for the " + PREFLIGHT);
            }
            ComposeKeys.principalKeys(name, service, violations);
            ComposeKeys.tokenKeys(name, service, violations);
            boolean signingKey = list(service.get("volumes")).stream()
                    .anyMatch(volume -> String.valueOf(volume).startsWith(SIGNING_KEY_VOLUME + ":"));
            if (signingKey && !SuiteService.WRITE_SERVICES.contains(name)
                    && !(oneShot(service) && "none".equals(service.get("network_mode")))) {
                violations.add(name + ": mounts the receipt signing key, yet does not sign");
            }
            boolean roomKek = list(service.get("volumes")).stream()
                    .anyMatch(volume -> String.valueOf(volume).startsWith(ROOM_KEK_VOLUME + ":"));
            if (roomKek && !name.equals(ROOM_KEK_HOLDER)) {
                violations.add(name + ": mounts the room keys' key-encryption key, which only " + ROOM_KEK_HOLDER
                        + " may hold");
            }
        });
        infrastructure(services, violations);
        ComposeKeys.writeServicesTrust(services, violations);
        return violations;
    }

    /** A service's mounts, short ("source:target[:ro]") and long form alike. */
    public static List<Mount> mounts(Map<String, Object> service) {
        List<Mount> mounts = new ArrayList<>();
        for (Object volume : list(service.get("volumes"))) {
            if (volume instanceof Map<?, ?> longForm) {
                Map<String, Object> mount = map(longForm);
                mounts.add(new Mount(String.valueOf(mount.get("source")), String.valueOf(mount.get("target")),
                        Boolean.TRUE.equals(mount.get("read_only"))));
            } else {
                String[] parts = String.valueOf(volume).split(":");
                if (parts.length >= 2) {
                    mounts.add(new Mount(parts[0], parts[1], parts.length > 2 && List.of(parts[2].split(",")).contains("ro")));
                }
            }
        }
        return mounts;
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
        if (!test.contains("/dev/tcp/127.0.0.1/" + service.managementPort() + " ") || !test.contains("/actuator/health/readiness")) {
            violations.add(name + ": health check does not ask /actuator/health/readiness on the management port "
                    + service.managementPort());
        }
        Map<String, Object> environment = map(definition.get("environment"));
        if (!String.valueOf(service.managementPort()).equals(String.valueOf(environment.get("MANAGEMENT_SERVER_PORT")))) {
            violations.add(name + ": MANAGEMENT_SERVER_PORT is not " + service.managementPort());
        }
        List<String> published = list(definition.get("ports")).stream().map(String::valueOf).toList();
        if (!published.equals(List.of(LOOPBACK + ":" + service.port() + ":" + service.port()))) {
            violations.add(name + ": publishes " + published + ", not its API port " + service.port() + " on " + LOOPBACK + " alone");
        }
        String jaas = String.valueOf(environment.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"));
        if (!jaas.contains("username=\"" + name + "\"")) {
            violations.add(name + ": does not authenticate to Kafka as " + name);
        }
        if (!jaas.contains("ScramLoginModule")
                || !String.valueOf(environment.get("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM")).startsWith("SCRAM-SHA-")) {
            violations.add(name + ": does not log in to Kafka with SCRAM (its password would cross the network)");
        }
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

    private static final String LOOPBACK = "127.0.0.1";

    /**
     * Only the long form waits for health: a list (the short form) only waits for the container to start. A
     * one-shot service (restart "no", no health check) is waited for until it has exited with 0.
     */
    private static void dependencies(String name, Object dependsOn, Map<String, Object> services, List<String> violations) {
        if (dependsOn == null) {
            return;
        }
        if (!(dependsOn instanceof Map<?, ?>)) {
            violations.add(name + ": depends_on must name a condition for each dependency");
            return;
        }
        map(dependsOn).forEach((dependency, settings) -> {
            if (!services.containsKey(dependency)) {
                violations.add(name + ": depends on unknown service " + dependency);
                return;
            }
            String expected = oneShot(map(services.get(dependency))) ? "service_completed_successfully" : "service_healthy";
            if (!expected.equals(map(settings).get("condition"))) {
                violations.add(name + ": depends on " + dependency + " without condition " + expected);
            }
        });
    }

    /** Runs once and exits: nothing to health-check, and waited for with service_completed_successfully. */
    static boolean oneShot(Map<String, Object> service) {
        return "no".equals(service.get("restart"));
    }

    private static boolean waitsFor(String name, String target, Map<String, Object> services, Set<String> seen) {
        if (!seen.add(name)) {
            return false;
        }
        return map(map(services.get(name)).get("depends_on")).keySet().stream()
                .anyMatch(dependency -> dependency.equals(target) || waitsFor(dependency, target, services, seen));
    }

    /** Published ports ("host-ip:host:container" or the long form) on the loopback address only; datastores none. */
    private static void ports(String name, Map<String, Object> service, List<String> violations) {
        List<Object> ports = list(service.get("ports"));
        if (DATASTORES.contains(name) && !ports.isEmpty()) {
            violations.add(name + ": a datastore publishes " + ports + " on the host");
        }
        for (Object port : ports) {
            String hostIp = port instanceof Map<?, ?> longForm ? String.valueOf(longForm.get("host_ip"))
                    : String.valueOf(port).split(":").length == 3 ? String.valueOf(port).split(":")[0] : "";
            if (!LOOPBACK.equals(hostIp)) {
                violations.add(name + ": publishes " + port + " beyond " + LOOPBACK);
            }
        }
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
            for (String listener : String.valueOf(environment.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).split(",")) {
                if (!listener.contains(":SASL_")) {
                    violations.add("kafka: listener " + listener + " does not authenticate its clients");
                }
            }
            // PLAIN is the broker's own and kafka-setup's: the admin, the one user a PLAIN configuration may list
            environment.forEach((key, value) -> {
                if (key.matches("KAFKA_LISTENER_NAME_[A-Z]+_PLAIN_SASL_JAAS_CONFIG")
                        && String.valueOf(value).matches("(?s).*user_(?!admin=).*")) {
                    violations.add("kafka: " + key + " lets a client other than the admin log in with SASL/PLAIN");
                }
            });
            if (environment.get("KAFKA_AUTHORIZER_CLASS_NAME") == null
                    || !"false".equals(String.valueOf(environment.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")))) {
                violations.add("kafka: does not authorise every request with ACLs");
            }
        }
        if (services.get("minio") != null
                && !String.valueOf(map(services.get("minio")).get("image")).startsWith("minio/minio:RELEASE.")) {
            violations.add("minio: not a MinIO release image");
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
