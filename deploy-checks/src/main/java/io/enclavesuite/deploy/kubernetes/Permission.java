package io.enclavesuite.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One verb on one resource of one API group ({@code ""} is the core group; a subresource as {@code pods/log}):
 * RBAC rules flattened so that two rule lists compare exactly, however they are grouped.
 */
public record Permission(String group, String resource, String verb) implements Comparable<Permission> {

    /** Every permission the rules grant. Wildcards, resource names and non-resource URLs are refused. */
    public static Set<Permission> of(List<PolicyRule> rules) {
        Set<Permission> permissions = new TreeSet<>();
        for (PolicyRule rule : rules) {
            if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()
                    || rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
                throw new IllegalArgumentException("rule " + rule + ": resource names and URLs are not expected");
            }
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        if (group.contains("*") || resource.contains("*") || verb.contains("*")) {
                            throw new IllegalArgumentException("rule " + rule + " uses a wildcard");
                        }
                        permissions.add(new Permission(group, resource, verb));
                    }
                }
            }
        }
        return permissions;
    }

    @Override
    public int compareTo(Permission other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }
}
