package io.enclavesuite.deploy.kustomize;

import java.util.Map;

/**
 * Which kinds are namespaced, for the namespace transformer. kubectl asks the cluster's discovery API (or its
 * built-in schema); offline the renderer knows only this list, and refuses any other kind rather than guess.
 */
final class ResourceScope {

    /** group/kind (core kinds with an empty group) to whether objects of it live in a namespace. */
    private static final Map<String, Boolean> NAMESPACED = Map.ofEntries(
            Map.entry("/Namespace", false),
            Map.entry("/ConfigMap", true),
            Map.entry("/Secret", true),
            Map.entry("/Service", true),
            Map.entry("/ServiceAccount", true),
            Map.entry("/PersistentVolumeClaim", true),
            Map.entry("apps/Deployment", true),
            Map.entry("apps/StatefulSet", true),
            Map.entry("apps/DaemonSet", true),
            Map.entry("batch/Job", true),
            Map.entry("batch/CronJob", true),
            Map.entry("policy/PodDisruptionBudget", true),
            Map.entry("networking.k8s.io/NetworkPolicy", true),
            Map.entry("rbac.authorization.k8s.io/Role", true),
            Map.entry("rbac.authorization.k8s.io/RoleBinding", true),
            Map.entry("rbac.authorization.k8s.io/ClusterRole", false),
            Map.entry("rbac.authorization.k8s.io/ClusterRoleBinding", false),
            Map.entry("admissionregistration.k8s.io/ValidatingAdmissionPolicy", false),
            Map.entry("admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding", false),
            Map.entry("kafka.strimzi.io/Kafka", true),
            Map.entry("kafka.strimzi.io/KafkaNodePool", true),
            Map.entry("kafka.strimzi.io/KafkaTopic", true),
            Map.entry("kafka.strimzi.io/KafkaUser", true),
            Map.entry("postgresql.cnpg.io/Cluster", true));

    static boolean namespaced(String apiVersion, String kind) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        Boolean namespaced = NAMESPACED.get(group + "/" + kind);
        if (namespaced == null) {
            throw new UnsupportedKustomization("unknown kind " + kind + " (" + apiVersion
                    + "): add its scope to ResourceScope");
        }
        return namespaced;
    }

    private ResourceScope() {
    }
}
