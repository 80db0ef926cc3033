package io.enclavesuite.command.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The Kubernetes API for the readiness probe: the sagas drive the cluster, so without an API server answering
 * {@code GET /version} (open to every client, no RBAC rule needed) within a short timeout the service is not ready.
 * The call runs on a thread of its own so the probe never waits longer than the timeout; a call that hangs keeps
 * that thread, and the checks after it time out (DOWN) until it returns.
 */
public class KubernetesHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final KubernetesClient client;
    private final Duration timeout;
    private final ExecutorService caller = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kubernetes-health");
        thread.setDaemon(true);
        return thread;
    });

    public KubernetesHealthIndicator(KubernetesClient client, Duration timeout) {
        super("The Kubernetes API is not reachable");
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        Future<VersionInfo> version = caller.submit(client::getKubernetesVersion);
        try {
            VersionInfo answered = version.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            builder.up().withDetail("server", client.getMasterUrl().toString());
            if (answered != null && answered.getGitVersion() != null) {
                builder.withDetail("version", answered.getGitVersion()); // the mock API server states none
            }
        } finally {
            version.cancel(true);
        }
    }

    @Override
    public void destroy() {
        caller.shutdownNow();
    }
}
