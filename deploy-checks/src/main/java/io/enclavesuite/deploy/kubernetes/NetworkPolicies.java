package io.enclavesuite.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers "may this connection happen?" from a set of NetworkPolicies, with the API's semantics: a pod no policy
 * selects for a direction is open in it; a selected pod accepts exactly what some selecting policy's rule allows
 * (empty peers or ports mean any). Peers are pods with labels in a namespace with labels, or an address outside
 * the cluster, which only an ipBlock admits. Named ports are refused: our policies use numbers.
 */
public final class NetworkPolicies {

    /** One end of a connection: a pod (namespace, its labels, the pod's labels) or, with {@code ip}, an address. */
    public record Endpoint(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels,
                           String ip) {

        public static Endpoint pod(String namespace, Map<String, String> podLabels) {
            return new Endpoint(namespace, Map.of("kubernetes.io/metadata.name", namespace), podLabels, null);
        }

        public static Endpoint pod(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels) {
            Map<String, String> labels = new HashMap<>(namespaceLabels);
            labels.put("kubernetes.io/metadata.name", namespace);
            return new Endpoint(namespace, labels, podLabels, null);
        }

        public static Endpoint external(String ip) {
            return new Endpoint(null, Map.of(), Map.of(), ip);
        }

        boolean isPod() {
            return ip == null;
        }
    }

    private final List<NetworkPolicy> policies;

    public NetworkPolicies(List<NetworkPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    public boolean allowsIngress(Endpoint from, Endpoint to, String protocol, int port) {
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        return selecting.isEmpty() || selecting.stream().anyMatch(policy -> policy.getSpec().getIngress().stream()
                .anyMatch(rule -> ports(rule.getPorts(), protocol, port)
                        && peers(rule.getFrom(), from, policy.getMetadata().getNamespace())));
    }

    public boolean allowsEgress(Endpoint from, Endpoint to, String protocol, int port) {
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        return selecting.isEmpty() || selecting.stream().anyMatch(policy -> policy.getSpec().getEgress().stream()
                .anyMatch(rule -> ports(rule.getPorts(), protocol, port)
                        && peers(rule.getTo(), to, policy.getMetadata().getNamespace())));
    }

    /** Both ends agree: the source may send and the destination may receive. */
    public boolean allows(Endpoint from, Endpoint to, String protocol, int port) {
        return (!from.isPod() || allowsEgress(from, to, protocol, port))
                && (!to.isPod() || allowsIngress(from, to, protocol, port));
    }

    /** Whether some policy isolates the pod in this direction (so that only what is allowed gets through). */
    public boolean isolates(Endpoint pod, String direction) {
        return !selecting(pod, direction).isEmpty();
    }

    private List<NetworkPolicy> selecting(Endpoint pod, String direction) {
        return policies.stream()
                .filter(policy -> pod.namespace().equals(policy.getMetadata().getNamespace()))
                .filter(policy -> matches(policy.getSpec().getPodSelector(), pod.podLabels()))
                .filter(policy -> types(policy).contains(direction))
                .toList();
    }

    /** Without policyTypes, a policy is Ingress, and Egress too when it has egress rules. */
    private static List<String> types(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types != null && !types.isEmpty()) {
            return types;
        }
        return policy.getSpec().getEgress().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private static boolean ports(List<NetworkPolicyPort> ports, String protocol, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(candidate -> {
            String candidateProtocol = candidate.getProtocol() == null ? "TCP" : candidate.getProtocol();
            if (!candidateProtocol.equals(protocol)) {
                return false;
            }
            if (candidate.getPort() == null) {
                return true;
            }
            if (candidate.getPort().getIntVal() == null) {
                throw new IllegalArgumentException("named port " + candidate.getPort().getStrVal() + " is not supported");
            }
            int first = candidate.getPort().getIntVal();
            int last = candidate.getEndPort() == null ? first : candidate.getEndPort();
            return port >= first && port <= last;
        });
    }

    private static boolean peers(List<NetworkPolicyPeer> peers, Endpoint peer, String policyNamespace) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        return peers.stream().anyMatch(candidate -> peer(candidate, peer, policyNamespace));
    }

    private static boolean peer(NetworkPolicyPeer candidate, Endpoint peer, String policyNamespace) {
        if (candidate.getIpBlock() != null) {
            return !peer.isPod() && contains(candidate.getIpBlock(), peer.ip());
        }
        if (!peer.isPod()) {
            return false;
        }
        boolean namespace = candidate.getNamespaceSelector() == null
                ? policyNamespace.equals(peer.namespace())
                : matches(candidate.getNamespaceSelector(), peer.namespaceLabels());
        boolean pod = candidate.getPodSelector() == null || matches(candidate.getPodSelector(), peer.podLabels());
        return namespace && pod;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> required : selector.getMatchLabels().entrySet()) {
                if (!required.getValue().equals(labels.get(required.getKey()))) {
                    return false;
                }
            }
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            boolean ok = switch (requirement.getOperator()) {
                case "In" -> value != null && requirement.getValues().contains(value);
                case "NotIn" -> value == null || !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("unknown selector operator " + requirement.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** IPv4 CIDR membership, minus the block's exceptions. */
    static boolean contains(IPBlock block, String ip) {
        if (!inCidr(block.getCidr(), ip)) {
            return false;
        }
        return block.getExcept() == null || block.getExcept().stream().noneMatch(except -> inCidr(except, ip));
    }

    private static boolean inCidr(String cidr, String ip) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (address(parts[0]) & mask) == (address(ip) & mask);
    }

    private static long address(String ip) {
        String[] octets = ip.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        long value = 0;
        for (String octet : octets) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }
}
