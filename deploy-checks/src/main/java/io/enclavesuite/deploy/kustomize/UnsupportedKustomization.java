package io.enclavesuite.deploy.kustomize;

/**
 * The manifests use something {@link Kustomize} does not render. Thrown instead of guessing, so that k8s/ cannot
 * silently outgrow the renderer the checks rely on: extend the renderer (and compare it with kubectl) first.
 */
public class UnsupportedKustomization extends RuntimeException {

    public UnsupportedKustomization(String message) {
        super(message);
    }
}
