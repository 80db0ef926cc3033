package io.enclavesuite.deploy.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.deploy.kustomize.Kustomize;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A rendered overlay as typed fabric8 objects: built-in kinds as their model classes, custom resources (Strimzi,
 * CloudNativePG) as {@link GenericKubernetesResource}.
 */
public record Manifests(List<HasMetadata> objects) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    public Manifests {
        objects = List.copyOf(objects);
    }

    public static Manifests render(Path kustomization) {
        return of(Kustomize.render(kustomization));
    }

    public static Manifests of(List<ObjectNode> rendered) {
        return new Manifests(rendered.stream().map(node -> SERIALIZATION.<HasMetadata>unmarshal(node.toString())).toList());
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(object -> name.equals(object.getMetadata().getName())).findFirst();
    }

    /** Custom resources of one apiVersion and kind. */
    public List<GenericKubernetesResource> custom(String apiVersion, String kind) {
        return all(GenericKubernetesResource.class).stream()
                .filter(resource -> apiVersion.equals(resource.getApiVersion()) && kind.equals(resource.getKind()))
                .toList();
    }

    public static String describe(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
