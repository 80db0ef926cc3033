package io.enclavesuite.deploy.kubernetes;

import io.enclavesuite.deploy.Repository;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The two overlays, rendered once per test JVM. */
final class Overlays {

    static final String NAMESPACE = "enclave-suite";
    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    static Manifests rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> Manifests.render(Repository.file("k8s/overlays/" + name)));
    }

    private Overlays() {
    }
}
