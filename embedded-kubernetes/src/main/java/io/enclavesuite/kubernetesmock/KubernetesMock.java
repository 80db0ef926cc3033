package io.enclavesuite.kubernetesmock;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock Kubernetes API server in CRUD mode, started in this JVM, and the kubeconfig that reaches it: the
 * suite's embedded default (no cluster configured) and the tests' embedded Kubernetes. Its objects live in memory.
 */
public final class KubernetesMock implements AutoCloseable {

    private final KubernetesMockServer server;

    private KubernetesMock(KubernetesMockServer server) {
        this.server = server;
    }

    /**
     * CRUD mode as fabric8's own {@code @EnableKubernetesMockClient(crud = true)} builds it: the mixed dispatcher
     * stores resources and still answers the expectations the server registers itself ({@code /} and
     * {@code /version}). Beware: {@code new KubernetesMockServer(true)} means "use HTTPS", not CRUD; it answers 404
     * to every resource call. Its watches are closed without stalling the server ({@link WatchReleasingDispatcher}).
     */
    public static KubernetesMock start() {
        IllegalStateException failed = null;
        // fabric8's server gives its Vert.x listener a few seconds to come up; a machine under heavy load can miss that
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return startOnce();
            } catch (IllegalStateException e) {
                failed = e;
            }
        }
        throw failed;
    }

    private static KubernetesMock startOnce() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), responses, new WatchReleasingDispatcher(new KubernetesMixedDispatcher(responses)),
                true);
        server.init();
        return new KubernetesMock(server);
    }

    public String url() {
        return "https://" + server.getHostName() + ":" + server.getPort();
    }

    /** A kubeconfig for this server: its self-signed certificate is not checked, its token is a stand-in. */
    public String kubeconfigYaml() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: enclave-mock
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: enclave-mock
                  user:
                    token: enclave-mock-token
                contexts:
                - name: enclave-mock
                  context:
                    cluster: enclave-mock
                    user: enclave-mock
                    namespace: default
                current-context: enclave-mock
                """.formatted(url());
    }

    @Override
    public void close() {
        server.destroy();
    }
}
