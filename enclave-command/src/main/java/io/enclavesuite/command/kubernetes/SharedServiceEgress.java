package io.enclavesuite.command.kubernetes;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;

/**
 * Where an enclave's workloads may open connections besides their own namespace and DNS: the shared services
 * (PostgreSQL, object storage, messaging) the suite provides every enclave, from {@code enclave.network}. Each
 * destination is a namespace (optionally narrowed to pods by label) or a CIDR block, with its TCP ports.
 *
 * @param sharedServices the default assumes the services run in the {@code enclave-suite} namespace, as the k8s/
 *                       manifests deploy them: PostgreSQL 5432, S3-compatible storage 9000, NATS 4222
 */
@ConfigurationProperties("enclave.network")
public record SharedServiceEgress(List<Destination> sharedServices) {

    public static final SharedServiceEgress DEFAULTS = new SharedServiceEgress(null);

    public record Destination(String namespace, Map<String, String> podLabels, String cidr, List<Integer> ports) {
        public Destination {
            if ((namespace == null) == (cidr == null)) {
                throw new IllegalArgumentException(
                        "enclave.network.shared-services: each destination names either a namespace or a cidr");
            }
            podLabels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
            ports = ports == null ? List.of() : List.copyOf(ports);
            if (ports.isEmpty() || ports.stream().anyMatch(port -> port < 1 || port > 65535)) {
                throw new IllegalArgumentException(
                        "enclave.network.shared-services: each destination lists its TCP ports (1-65535)");
            }
        }
    }

    public SharedServiceEgress {
        sharedServices = sharedServices == null
                ? List.of(new Destination("enclave-suite", null, null, List.of(5432, 9000, 4222)))
                : List.copyOf(sharedServices);
    }
}
