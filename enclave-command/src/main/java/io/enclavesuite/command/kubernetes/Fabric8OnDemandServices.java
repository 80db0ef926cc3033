package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-demand services as custom resources through fabric8's generic resource API (no generated model: the
 * suite needs only a few fields, and the clusters' controller versions vary):
 * <ul>
 *   <li>messaging — a NACK {@code Stream} ({@code jetstream.nats.io/v1beta2}) {@code enclave-<name>} in the enclave's
 *   namespace taking the subjects {@code enclave.<name>.>}; the workload gets the server URL, its subject prefix and
 *   the stream name;</li>
 *   <li>identity — a SPIRE {@code ClusterSPIFFEID} ({@code spire.spiffe.io/v1alpha1}) {@code enclave-<name>} that
 *   gives each tentacle pod of the enclave's namespace the ID
 *   {@code spiffe://<trust domain>/enclaves/<name>/tentacles/<tentacle>}; the workload gets the Workload API socket
 *   (mounted by the SPIFFE CSI driver) and its ID.</li>
 * </ul>
 * A cluster without the controller's resource definition answers 404: the failure says which one is missing.
 */
public class Fabric8OnDemandServices implements OnDemandServices {

    static final ResourceDefinitionContext STREAM = new ResourceDefinitionContext.Builder()
            .withGroup("jetstream.nats.io").withVersion("v1beta2").withKind("Stream").withPlural("streams")
            .withNamespaced(true).build();
    static final ResourceDefinitionContext CLUSTER_SPIFFE_ID = new ResourceDefinitionContext.Builder()
            .withGroup("spire.spiffe.io").withVersion("v1alpha1").withKind("ClusterSPIFFEID")
            .withPlural("clusterspiffeids").withNamespaced(false).build();
    /** Where the SPIFFE CSI driver's volume is mounted in a tentacle's container. */
    public static final String WORKLOAD_API_DIRECTORY = "/spiffe-workload-api";

    private final KubernetesClient client;
    private final String natsUrl;
    private final String trustDomain;

    public Fabric8OnDemandServices(KubernetesClient client, String natsUrl, String trustDomain) {
        this.client = client;
        this.natsUrl = natsUrl;
        this.trustDomain = trustDomain;
    }

    public static String subjectsOf(EnclaveId enclave) {
        return "enclave." + enclave.value() + ".>";
    }

    public String spiffeIdOf(EnclaveId enclave, TentacleName tentacle) {
        return "spiffe://" + trustDomain + "/enclaves/" + enclave.value() + "/tentacles/" + tentacle.value();
    }

    @Override
    public Map<String, String> ensureMessaging(EnclaveId enclave, TentacleName tentacle) {
        GenericKubernetesResource stream = new GenericKubernetesResourceBuilder()
                .withApiVersion("jetstream.nats.io/v1beta2").withKind("Stream")
                .withNewMetadata()
                .withName(enclave.namespace()).withNamespace(enclave.namespace())
                .withLabels(EnclaveLabels.ownedBy(enclave.value()))
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of(
                        "name", enclave.namespace(),
                        "subjects", List.of(subjectsOf(enclave)),
                        "storage", "file",
                        "retention", "limits",
                        "maxAge", "168h"))
                .build();
        apply(STREAM, stream, "messaging");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("NATS_URL", natsUrl);
        settings.put("NATS_STREAM", enclave.namespace());
        settings.put("NATS_SUBJECT_PREFIX", "enclave." + enclave.value() + ".");
        return settings;
    }

    @Override
    public Map<String, String> ensureIdentity(EnclaveId enclave, TentacleName tentacle) {
        GenericKubernetesResource registration = new GenericKubernetesResourceBuilder()
                .withApiVersion("spire.spiffe.io/v1alpha1").withKind("ClusterSPIFFEID")
                .withNewMetadata()
                .withName(enclave.namespace())
                .withLabels(EnclaveLabels.ownedBy(enclave.value()))
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of(
                        "spiffeIDTemplate", "spiffe://{{ .TrustDomain }}/enclaves/" + enclave.value()
                                + "/tentacles/{{ index .PodMeta.Labels \"" + EnclaveLabels.TENTACLE + "\" }}",
                        "namespaceSelector", Map.of("matchLabels",
                                Map.of("kubernetes.io/metadata.name", enclave.namespace())),
                        "podSelector", Map.of("matchExpressions",
                                List.of(Map.of("key", EnclaveLabels.TENTACLE, "operator", "Exists")))))
                .build();
        apply(CLUSTER_SPIFFE_ID, registration, "identity");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("SPIFFE_ENDPOINT_SOCKET", "unix://" + WORKLOAD_API_DIRECTORY + "/spire-agent.sock");
        settings.put("SPIFFE_ID", spiffeIdOf(enclave, tentacle));
        return settings;
    }

    @Override
    public List<String> removeAll(EnclaveId enclave) {
        List<String> removed = new ArrayList<>();
        // cluster-scoped: the namespace's deletion would not take it along
        if (deleteIfPresent(() -> client.genericKubernetesResources(CLUSTER_SPIFFE_ID).withName(enclave.namespace()))) {
            removed.add("ClusterSPIFFEID/" + enclave.namespace());
        }
        if (deleteIfPresent(() -> client.genericKubernetesResources(STREAM).inNamespace(enclave.namespace())
                .withName(enclave.namespace()))) {
            removed.add("Stream/" + enclave.namespace());
        }
        return removed;
    }

    private void apply(ResourceDefinitionContext type, GenericKubernetesResource resource, String service) {
        try {
            var resources = client.genericKubernetesResources(type);
            (type.isNamespaceScoped() ? resources.inNamespace(resource.getMetadata().getNamespace()) : resources)
                    .resource(resource).createOr(NonDeletingOperation::update);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new IllegalStateException("the cluster has no " + type.getKind() + " resource ("
                        + type.getGroup() + "/" + type.getVersion() + "): install the controller " + service
                        + " needs", e);
            }
            throw e;
        }
    }

    /** A cluster without the resource definition has none of them to delete. */
    private static boolean deleteIfPresent(java.util.function.Supplier<
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> resource) {
        try {
            if (resource.get().get() == null) {
                return false;
            }
            resource.get().delete();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
