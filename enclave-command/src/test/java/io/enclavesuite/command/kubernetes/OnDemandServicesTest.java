package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messaging and identity as custom resources on the test Kubernetes API (K3s with Docker, the fabric8 mock without),
 * with the controllers' resource definitions installed as a cluster running NACK and SPIRE would have them.
 */
public class OnDemandServicesTest {

    private static final KubernetesClient kubernetes = TestNamespaces.client();
    private final Fabric8OnDemandServices services = new Fabric8OnDemandServices(kubernetes, "nats://nats.test:4222",
            "test.example");
    private EnclaveId enclave;

    /** The two resource definitions, reduced to what the API server needs to store the suite's resources. */
    public static void installResourceDefinitions(KubernetesClient client) {
        for (ResourceDefinitionContext type : List.of(Fabric8OnDemandServices.STREAM, Fabric8OnDemandServices.CLUSTER_SPIFFE_ID)) {
            CustomResourceDefinition definition = new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName(type.getPlural() + "." + type.getGroup()).endMetadata()
                    .withNewSpec()
                    .withGroup(type.getGroup())
                    .withScope(type.isNamespaceScoped() ? "Namespaced" : "Cluster")
                    .withNewNames().withKind(type.getKind()).withPlural(type.getPlural())
                    .withSingular(type.getKind().toLowerCase()).endNames()
                    .addNewVersion().withName(type.getVersion()).withServed(true).withStorage(true)
                    .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                    .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                    .endVersion()
                    .endSpec()
                    .build();
            client.apiextensions().v1().customResourceDefinitions().resource(definition)
                    .createOr(NonDeletingOperation::update);
        }
    }

    public static GenericKubernetesResource stream(KubernetesClient client, EnclaveId enclave) {
        return client.genericKubernetesResources(Fabric8OnDemandServices.STREAM).inNamespace(enclave.namespace())
                .withName(enclave.namespace()).get();
    }

    public static GenericKubernetesResource clusterSpiffeId(KubernetesClient client, EnclaveId enclave) {
        return client.genericKubernetesResources(Fabric8OnDemandServices.CLUSTER_SPIFFE_ID)
                .withName(enclave.namespace()).get();
    }

    @BeforeEach
    void enclaveNamespace() {
        installResourceDefinitions(kubernetes);
        enclave = TestNamespaces.provisioned(kubernetes, "on-demand");
    }

    @Test
    @SuppressWarnings("unchecked")
    void messagingIsAStreamOverTheEnclavesSubjects() {
        Map<String, String> settings = services.ensureMessaging(enclave, TentacleName.of("report"));
        services.ensureMessaging(enclave, TentacleName.of("api")); // one stream per enclave, converging

        GenericKubernetesResource stream = stream(kubernetes, enclave);
        Map<String, Object> spec = (Map<String, Object>) stream.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("name", enclave.namespace())
                .containsEntry("subjects", List.of("enclave." + enclave.value() + ".>"));
        assertThat(stream.getMetadata().getLabels()).containsEntry(EnclaveLabels.ENCLAVE, enclave.value());
        assertThat(settings).containsEntry("NATS_SUBJECT_PREFIX", "enclave." + enclave.value() + ".");
    }

    @Test
    @SuppressWarnings("unchecked")
    void identityIsAClusterSpiffeIdSelectingTheEnclavesNamespaceOnly() {
        Map<String, String> settings = services.ensureIdentity(enclave, TentacleName.of("report"));

        Map<String, Object> spec = (Map<String, Object>) clusterSpiffeId(kubernetes, enclave).getAdditionalProperties()
                .get("spec");
        assertThat(spec.get("spiffeIDTemplate")).asString()
                .startsWith("spiffe://{{ .TrustDomain }}/enclaves/" + enclave.value() + "/tentacles/");
        assertThat(spec.get("namespaceSelector")).isEqualTo(Map.of("matchLabels",
                Map.of("kubernetes.io/metadata.name", enclave.namespace())));
        assertThat(settings).containsEntry("SPIFFE_ID",
                "spiffe://test.example/enclaves/" + enclave.value() + "/tentacles/report");
    }

    @Test
    void removingTheEnclavesResourcesListsWhatWentAndConverges() {
        services.ensureMessaging(enclave, TentacleName.of("report"));
        services.ensureIdentity(enclave, TentacleName.of("report"));

        assertThat(services.removeAll(enclave)).containsExactly("ClusterSPIFFEID/" + enclave.namespace(),
                "Stream/" + enclave.namespace());
        assertThat(services.removeAll(enclave)).isEmpty();
        assertThat(clusterSpiffeId(kubernetes, enclave)).isNull();
        assertThat(stream(kubernetes, enclave)).isNull();
    }

    @Test
    void anEnclaveThatNeverAskedHasNothingToRemove() {
        assertThat(services.removeAll(enclave)).isEmpty();
    }
}
