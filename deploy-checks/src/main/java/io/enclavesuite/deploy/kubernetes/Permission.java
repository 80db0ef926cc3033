package io.enclavesuite.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One verb on one resource of one API group ({@code ""} is the core group; a subresource as {@code pods/log}), on
 * every object of it or, with {@code name}, on that one only: RBAC rules flattened so that two rule lists compare
 * exactly, however they are grouped.
 */
public record Permission(String group, String resource, String verb, String name) implements Comparable<Permission> {

    /** On every object of the resource. */
    public Permission(String group, String resource, String verb) {
        this(group, resource, verb, "");
    }

    /** Every permission the rules grant. Wildcards and non-resource URLs are refused. */
    public static Set<Permission> of(List<PolicyRule> rules) {
        Set<Permission> permissions = new TreeSet<>();
        for (PolicyRule rule : rules) {
            if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
                throw new IllegalArgumentException("rule " + rule + ": non-resource URLs are not expected");
            }
            List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                    ? List.of("") : rule.getResourceNames();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        if (group.contains("*") || resource.contains("*") || verb.contains("*")) {
                            throw new IllegalArgumentException("rule " + rule + " uses a wildcard");
                        }
                        for (String name : names) {
                            permissions.add(new Permission(group, resource, verb, name));
                        }
                    }
                }
            }
        }
        return permissions;
    }

    /** Whether this permission allows what {@code wanted} asks: the same, or the same on any object. */
    public boolean covers(Permission wanted) {
        return group.equals(wanted.group) && resource.equals(wanted.resource) && verb.equals(wanted.verb)
                && (name.isEmpty() || name.equals(wanted.name));
    }

    @Override
    public int compareTo(Permission other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb + (name.isEmpty() ? "" : " " + name);
    }
}
