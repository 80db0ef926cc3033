package io.enclavesuite.suite;

import io.enclavesuite.kubernetesmock.KubernetesMock;
import io.fabric8.kubernetes.client.Config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which Kubernetes API the suite drives: a real cluster when one is configured (KUBECONFIG, ~/.kube/config, or a
 * pod's service account), otherwise fabric8's mock API server in CRUD mode, whose objects live in memory.
 */
sealed interface KubernetesApi extends AutoCloseable {

    /** The property to hand the command service, if any: the kubeconfig file to use. */
    Optional<String> kubeconfig();

    String describe();

    @Override
    default void close() {
    }

    /**
     * A cluster found in the environment; fabric8 discovers it the same way in the command service, so the only
     * thing ever passed on is the file KUBECONFIG names when it names exactly one.
     */
    record Real(Optional<String> kubeconfig, String source) implements KubernetesApi {

        @Override
        public String describe() {
            return "real cluster at " + apiServer() + " (" + source + ")";
        }

        private String apiServer() {
            try {
                return kubeconfig.isPresent()
                        ? Config.fromKubeconfig(null, Files.readString(Path.of(kubeconfig.get())), kubeconfig.get()).getMasterUrl()
                        : Config.autoConfigure(null).getMasterUrl();
            } catch (IOException e) {
                return "an address in a kubeconfig that cannot be read (" + e.getMessage() + ")";
            } catch (RuntimeException e) {
                return "an address fabric8 could not read (" + e.getMessage() + ")";
            }
        }
    }

    /** The fabric8 mock API server, started in this JVM. */
    final class Mock implements KubernetesApi {
        private final KubernetesMock server;
        private final Path kubeconfig;

        private Mock(KubernetesMock server, Path kubeconfig) {
            this.server = server;
            this.kubeconfig = kubeconfig;
        }

        static Mock start(Path dataDir) throws IOException {
            KubernetesMock server = KubernetesMock.start();
            Path file = dataDir.resolve("kubeconfig-mock.yaml");
            Files.writeString(file, server.kubeconfigYaml());
            return new Mock(server, file);
        }

        @Override
        public Optional<String> kubeconfig() {
            return Optional.of(kubeconfig.toString());
        }

        @Override
        public String describe() {
            return "fabric8 mock API server (CRUD, in memory: its objects vanish on restart) at " + server.url();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /**
     * The choice as a pure function of the environment, in fabric8's own order: KUBECONFIG, then ~/.kube/config,
     * then a pod's service account; none of them → empty, and the suite starts the mock.
     */
    static Optional<Real> configuredCluster(Map<String, String> env, Path home, Predicate<Path> exists) {
        return configuredCluster(Optional.empty(), env, home, exists);
    }

    /** As above, after the kubeconfig file the user named for the command service, which wins over the rest. */
    static Optional<Real> configuredCluster(Optional<String> named, Map<String, String> env, Path home,
                                            Predicate<Path> exists) {
        if (named.isPresent() && !named.get().isBlank()) {
            return Optional.of(new Real(named, "from enclave.kubernetes.kubeconfig=" + named.get()));
        }
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            boolean single = !kubeconfig.contains(java.io.File.pathSeparator);
            return Optional.of(new Real(single ? Optional.of(kubeconfig) : Optional.empty(),
                    "from KUBECONFIG=" + kubeconfig));
        }
        Path userConfig = home.resolve(".kube").resolve("config");
        if (exists.test(userConfig)) {
            return Optional.of(new Real(Optional.empty(), "from " + userConfig));
        }
        if (env.get("KUBERNETES_SERVICE_HOST") != null) {
            return Optional.of(new Real(Optional.empty(), "in-cluster service account (KUBERNETES_SERVICE_HOST="
                    + env.get("KUBERNETES_SERVICE_HOST") + ")"));
        }
        return Optional.empty();
    }
}
