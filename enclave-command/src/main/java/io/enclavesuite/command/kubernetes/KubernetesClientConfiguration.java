package io.enclavesuite.command.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * One Kubernetes client for the service: from {@code enclave.kubernetes.kubeconfig} when given (the suite's mock API
 * server, a test cluster), otherwise fabric8's own discovery (KUBECONFIG, ~/.kube/config, in-cluster service account).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({QuotaPresets.class, SharedServiceEgress.class, KubernetesProperties.class,
        KubernetesHealthProperties.class, SuiteAccount.class})
class KubernetesClientConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KubernetesClientConfiguration.class);

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(KubernetesProperties kubernetes) {
        String kubeconfig = kubernetes.kubeconfig();
        Config config;
        String source;
        if (kubeconfig.isBlank()) {
            config = Config.autoConfigure(null);
            source = "auto-detected (KUBECONFIG, ~/.kube/config or in-cluster)";
        } else {
            config = Config.fromKubeconfig(read(Path.of(kubeconfig)));
            source = "kubeconfig " + kubeconfig;
        }
        log.info("Kubernetes API in use: {} ({})", config.getMasterUrl(), source);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * The provisioning writes that may run side by side: each saga thread has at most one provisioning in flight, and
     * a provisioning at most a handful of independent writes.
     */
    @Bean(destroyMethod = "close")
    ConcurrentWrites concurrentWrites(KubernetesProperties kubernetes) {
        return ConcurrentWrites.withThreads(kubernetes.concurrentWrites());
    }

    /** The readiness group's {@code kubernetes}: the API server answers within {@code enclave.health.kubernetes-timeout}. */
    @Bean
    KubernetesHealthIndicator kubernetesHealthIndicator(KubernetesClient client, KubernetesHealthProperties health) {
        return new KubernetesHealthIndicator(client, health.kubernetesTimeout());
    }

    /** The suite's own rights and namespace, checked in each full pass of the reconciler. */
    @Bean
    SuitePosture suitePosture(KubernetesClient client, SuiteAccount suite) {
        return new SuitePosture(client, suite, Clock.systemUTC());
    }

    @Bean
    SuitePostureEndpoint suitePostureEndpoint(SuitePosture posture) {
        return new SuitePostureEndpoint(posture);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + path, e);
        }
    }
}
