package io.enclavesuite.deploy.kubernetes;

import io.enclavesuite.deploy.SuiteService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.enclavesuite.deploy.kubernetes.Overlays.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The principals' keys in the rendered overlays: the write services verify commands with the public keys of the
 * ConfigMap {@value #PUBLIC_KEYS}, mounted read-only as their key folder; the gateway signs with its private key
 * from the Secret {@value #GATEWAY_KEY}, which no other workload sees, and the console with its own from
 * {@value #CONSOLE_KEY}; nobody is registered beyond the services' own
 * yml (an operator tool such as enclavectl is added on purpose); and the write services check bearer tokens with
 * enclave-query's settings.
 */
class PrincipalKeysTest {

    static final String PUBLIC_KEYS = "enclave-principal-keys";
    static final String GATEWAY_KEY = "slack-gateway-principal";
    static final String GATEWAY = "slack-gateway";
    static final String GATEWAY_TOKEN_KEY = "slack-gateway-token-key";
    static final String SERVICE_ISSUERS = "enclave-service-issuers";
    static final String CONSOLE = "console";
    static final String CONSOLE_KEY = "console-principal";
    static final String CONSOLE_TOKEN_KEY = "console-token-key";

    private static PodSpec pod(Manifests manifests, String deployment) {
        return manifests.named(Deployment.class, deployment).orElseThrow().getSpec().getTemplate().getSpec();
    }

    private static Container container(PodSpec pod) {
        return pod.getContainers().get(0);
    }

    private static Optional<String> env(Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name)).findFirst().map(EnvVar::getValue);
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(volume -> volume.getName().equals(name)).findFirst().orElseThrow();
    }

    /** The mount whose path holds {@code path} (itself or a file in it). */
    private static Optional<VolumeMount> mountOf(Container container, String path) {
        return container.getVolumeMounts().stream()
                .filter(mount -> path.equals(mount.getMountPath()) || path.startsWith(mount.getMountPath() + "/")).findFirst();
    }

    /** Every Secret a pod reads: volumes (also projected), env and envFrom. */
    private static Set<String> secrets(PodSpec pod) {
        Set<String> secrets = new TreeSet<>();
        for (Volume volume : pod.getVolumes()) {
            if (volume.getSecret() != null) {
                secrets.add(volume.getSecret().getSecretName());
            }
            if (volume.getProjected() != null) {
                volume.getProjected().getSources().stream().filter(source -> source.getSecret() != null)
                        .forEach(source -> secrets.add(source.getSecret().getName()));
            }
        }
        for (Container container : Stream.concat(pod.getContainers().stream(),
                pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream()).toList()) {
            container.getEnv().stream().filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null)
                    .forEach(v -> secrets.add(v.getValueFrom().getSecretKeyRef().getName()));
            container.getEnvFrom().stream().filter(e -> e.getSecretRef() != null).forEach(e -> secrets.add(e.getSecretRef().getName()));
        }
        return secrets;
    }

    private static Set<String> configMaps(PodSpec pod) {
        return pod.getVolumes().stream().filter(volume -> volume.getConfigMap() != null)
                .map(volume -> volume.getConfigMap().getName()).collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachWriteServiceVerifiesWithThePublicKeysMountedReadOnlyAndSeesNoPrivateKey(String overlay) {
        Manifests manifests = rendered(overlay);
        for (String write : SuiteService.WRITE_SERVICES) {
            PodSpec pod = pod(manifests, write);
            Container container = container(pod);
            String folder = env(container, "ENCLAVE_PRINCIPALS_KEY_FOLDER").orElseThrow(() -> new AssertionError(write + ": no key folder"));
            VolumeMount mount = mountOf(container, folder).orElseThrow(() -> new AssertionError(write + ": key folder not mounted"));
            assertThat(mount.getMountPath()).as(write).isEqualTo(folder);
            assertThat(mount.getReadOnly()).as(write).isTrue();
            assertThat(mount.getSubPath()).as(write + ": a subPath mount never sees a rotated key").isNull();
            Volume volume = volume(pod, mount.getName());
            assertThat(volume.getConfigMap()).as(write).isNotNull();
            assertThat(volume.getConfigMap().getName()).as(write).isEqualTo(PUBLIC_KEYS);
            assertThat(volume.getConfigMap().getOptional()).as(write + ": without keys it must not start trusting nobody silently")
                    .isNotEqualTo(Boolean.TRUE);
            assertThat(secrets(pod)).as(write).doesNotContain(GATEWAY_KEY);
            assertThat(env(container, "ENCLAVE_SLACK_PRINCIPAL_KEY_FILE")).as(write).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGatewaySignsWithItsOwnKeyAndSeesNothingOfTheOtherPrincipals(String overlay) {
        PodSpec pod = pod(rendered(overlay), GATEWAY);
        Container container = container(pod);
        String keyFile = env(container, "ENCLAVE_SLACK_PRINCIPAL_KEY_FILE").orElseThrow();
        VolumeMount mount = mountOf(container, keyFile).orElseThrow();
        assertThat(mount.getReadOnly()).isTrue();
        Volume volume = volume(pod, mount.getName());
        assertThat(volume.getSecret().getSecretName()).isEqualTo(GATEWAY_KEY);
        assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0400);
        assertThat(volume.getSecret().getOptional()).isNotEqualTo(Boolean.TRUE);
        assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
            assertThat(item.getKey()).isEqualTo("principal-key.pem");
            assertThat(mount.getMountPath() + "/" + item.getPath()).isEqualTo(keyFile);
        });
        assertThat(configMaps(pod)).doesNotContain(PUBLIC_KEYS);
        assertThat(env(container, "ENCLAVE_PRINCIPALS_KEY_FOLDER")).isEmpty();
        assertThat(env(container, "ENCLAVE_SLACK_PRINCIPAL")).as("the gateway is always slack-gateway").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noWorkloadButTheGatewaySeesTheGatewaysPrivateKey(String overlay) {
        Set<String> seeing = new TreeSet<>();
        for (HasMetadata object : rendered(overlay).objects()) {
            WorkloadPolicy.podSpec(object).filter(pod -> secrets(pod).contains(GATEWAY_KEY))
                    .ifPresent(pod -> seeing.add(object.getMetadata().getName()));
        }
        assertThat(seeing).containsExactly(GATEWAY);
    }

    /** enclavectl (or any operator tool) is trusted only when an operator registers it: not by the manifests. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void nothingBeyondTheServicesOwnRegistryIsTrustedByDefault(String overlay) {
        Manifests manifests = rendered(overlay);
        Map<String, String> config = manifests.named(ConfigMap.class, "enclave-suite-config").orElseThrow().getData();
        assertThat(config.keySet()).noneMatch(key -> key.startsWith("ENCLAVE_PRINCIPALS_"));
        for (SuiteService service : SuiteService.ALL) {
            assertThat(container(pod(manifests, service.module())).getEnv()).as(service.module())
                    .noneMatch(variable -> variable.getName().startsWith("ENCLAVE_PRINCIPALS_REGISTRY_"));
        }
    }

    /** Their /internal endpoints check bearer tokens exactly as the read API does. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theWriteServicesCheckTokensWithEnclaveQuerysSettings(String overlay) {
        Manifests manifests = rendered(overlay);
        PodSpec query = pod(manifests, "enclave-query");
        Map<String, EnvVar> expected = tokenSettings(container(query));
        assertThat(expected).containsKey("ENCLAVE_API_AUTH_LOCAL_KEY_FILE");
        String queryKey = expected.get("ENCLAVE_API_AUTH_LOCAL_KEY_FILE").getValue();
        Volume queryVolume = volume(query, mountOf(container(query), queryKey).orElseThrow().getName());
        for (String write : SuiteService.WRITE_SERVICES) {
            PodSpec pod = pod(manifests, write);
            Map<String, EnvVar> actual = tokenSettings(container(pod));
            assertThat(actual).as(write).isEqualTo(expected);
            VolumeMount mount = mountOf(container(pod), queryKey).orElseThrow(() -> new AssertionError(write + ": token key not mounted"));
            assertThat(mount.getReadOnly()).as(write).isTrue();
            Volume volume = volume(pod, mount.getName());
            assertThat(volume.getSecret()).as(write).isNotNull();
            assertThat(volume.getSecret().getSecretName()).as(write).isEqualTo(queryVolume.getSecret().getSecretName());
            assertThat(volume.getSecret().getOptional()).as(write).isEqualTo(queryVolume.getSecret().getOptional());
            assertThat(volume.getSecret().getDefaultMode()).as(write).isEqualTo(0400);
        }
    }

    /**
     * The gateway signs its reads with a token key of its own, from the Secret {@value #GATEWAY_TOKEN_KEY} that no
     * other workload sees, and no longer sees the local issuer's key (which signs a token for anyone); the read side
     * and the write services trust its public half from the ConfigMap {@value #SERVICE_ISSUERS}, read-only.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGatewaySignsWithItsOwnTokenKeyAndTheCheckersHoldOnlyItsPublicHalf(String overlay) {
        Manifests manifests = rendered(overlay);
        PodSpec gateway = pod(manifests, GATEWAY);
        String keyFile = env(container(gateway), "ENCLAVE_SLACK_ISSUER_KEY_FILE").orElseThrow();
        VolumeMount mount = mountOf(container(gateway), keyFile).orElseThrow();
        assertThat(mount.getReadOnly()).isTrue();
        Volume volume = volume(gateway, mount.getName());
        assertThat(volume.getSecret().getSecretName()).isEqualTo(GATEWAY_TOKEN_KEY);
        assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0400);
        assertThat(volume.getSecret().getOptional()).isNotEqualTo(Boolean.TRUE);
        assertThat(volume.getSecret().getItems()).singleElement()
                .satisfies(item -> assertThat(mount.getMountPath() + "/" + item.getPath()).isEqualTo(keyFile));
        assertThat(secrets(gateway)).doesNotContain("enclave-api-token-key");
        assertThat(env(container(gateway), "ENCLAVE_SLACK_TOKEN_KEY_FILE")).isEmpty();

        for (String checker : List.of("enclave-query", "enclave-command", "coordination-service")) {
            PodSpec pod = pod(manifests, checker);
            assertThat(secrets(pod)).as(checker).doesNotContain(GATEWAY_TOKEN_KEY);
            assertThat(env(container(pod), "SPRING_APPLICATION_JSON")).as(checker).contains(
                    "{\"enclave.api.auth.service-issuers.slack-gateway\": "
                            + "\"/var/lib/enclave/service-issuers/slack-gateway.pem\", "
                            + "\"enclave.api.auth.service-issuers.console\": "
                            + "\"/var/lib/enclave/service-issuers/console.pem\"}");
            VolumeMount issuers = mountOf(container(pod), "/var/lib/enclave/service-issuers/slack-gateway.pem")
                    .orElseThrow(() -> new AssertionError(checker + ": the service issuers' keys are not mounted"));
            assertThat(issuers.getReadOnly()).as(checker).isTrue();
            assertThat(volume(pod, issuers.getName()).getConfigMap().getName()).as(checker).isEqualTo(SERVICE_ISSUERS);
        }
        for (SuiteService service : SuiteService.ALL) {
            if (!service.module().equals(GATEWAY)) {
                assertThat(secrets(pod(manifests, service.module()))).as(service.module()).doesNotContain(GATEWAY_TOKEN_KEY);
            }
        }
    }

    /**
     * The console signs its commands with its own principal key and its people's reads with its own token key, each
     * from a Secret no other workload sees, and sees neither the gateway's keys nor the local issuer's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theConsoleSignsWithItsOwnKeysWhichNoOtherWorkloadSees(String overlay) {
        Manifests manifests = rendered(overlay);
        PodSpec console = pod(manifests, CONSOLE);
        Container container = container(console);
        for (Map.Entry<String, String> key : Map.of("ENCLAVE_CONSOLE_PRINCIPAL_KEY_FILE", CONSOLE_KEY,
                "ENCLAVE_CONSOLE_ISSUER_KEY_FILE", CONSOLE_TOKEN_KEY).entrySet()) {
            String keyFile = env(container, key.getKey()).orElseThrow();
            VolumeMount mount = mountOf(container, keyFile).orElseThrow();
            assertThat(mount.getReadOnly()).as(key.getKey()).isTrue();
            Volume volume = volume(console, mount.getName());
            assertThat(volume.getSecret().getSecretName()).as(key.getKey()).isEqualTo(key.getValue());
            assertThat(volume.getSecret().getDefaultMode()).as(key.getKey()).isEqualTo(0400);
            assertThat(volume.getSecret().getOptional()).as(key.getKey()).isNotEqualTo(Boolean.TRUE);
            assertThat(volume.getSecret().getItems()).as(key.getKey()).singleElement()
                    .satisfies(item -> assertThat(mount.getMountPath() + "/" + item.getPath()).isEqualTo(keyFile));
        }
        assertThat(secrets(console)).doesNotContain(GATEWAY_KEY, GATEWAY_TOKEN_KEY, "enclave-api-token-key");
        assertThat(configMaps(console)).doesNotContain(PUBLIC_KEYS);
        assertThat(env(container, "ENCLAVE_CONSOLE_LOCAL_SIGN_IN_ENABLED")).as("local sign-in: one machine only").isEmpty();
        assertThat(env(container, "ENCLAVE_CONSOLE_LOCALSIGNIN_ENABLED")).as("local sign-in: one machine only").isEmpty();

        for (String secret : List.of(CONSOLE_KEY, CONSOLE_TOKEN_KEY)) {
            Set<String> seeing = new TreeSet<>();
            for (HasMetadata object : manifests.objects()) {
                WorkloadPolicy.podSpec(object).filter(pod -> secrets(pod).contains(secret))
                        .ifPresent(pod -> seeing.add(object.getMetadata().getName()));
            }
            assertThat(seeing).as(secret).containsExactly(CONSOLE);
        }
    }

    /**
     * enclave.api.auth.* in the container's env (the ConfigMap, which every service reads alike, aside), and
     * SPRING_APPLICATION_JSON, which names the service issuers' keys.
     */
    private static Map<String, EnvVar> tokenSettings(Container container) {
        return container.getEnv().stream().filter(v -> v.getName().equals("SPRING_APPLICATION_JSON")
                        || v.getName().startsWith("ENCLAVE_API_AUTH_") && !v.getName().equals("ENCLAVE_API_AUTH_OPERATORS"))
                .collect(Collectors.toMap(EnvVar::getName, v -> v, (a, b) -> b, java.util.TreeMap::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceReadsTheSameConfigMap(String overlay) {
        Manifests manifests = rendered(overlay);
        for (SuiteService service : SuiteService.ALL) {
            assertThat(container(pod(manifests, service.module())).getEnvFrom()).as(service.module())
                    .anySatisfy(from -> assertThat(Objects.requireNonNull(from.getConfigMapRef()).getName())
                            .isEqualTo("enclave-suite-config"));
        }
    }
}
