package io.enclavesuite.api.tentacle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A container image reference, pinned: {@code registry/repo/name:tag} or {@code …@sha256:<digest>}. An image
 * without a tag, or tagged {@code latest}, is refused — what runs must be what was decided, and the event says which.
 */
public record ContainerImage(String reference) {

    public static final int MAX_LENGTH = 255;
    // The distribution spec's reference grammar, simplified: optional registry host[:port], lower-case path
    // components, then a tag and/or a digest.
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:(?<registry>[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?)/)?"
                    + "(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
                    + "(?::(?<tag>[\\w][\\w.-]{0,127}))?"
                    + "(?:@(?<digest>sha256:[a-f0-9]{64}))?");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ContainerImage {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("container image is required");
        }
        if (reference.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("container image reference is longer than " + MAX_LENGTH + " characters");
        }
        var match = REFERENCE.matcher(reference);
        if (!match.matches()) {
            throw new IllegalArgumentException("'" + reference + "' is not a container image reference "
                    + "(e.g. ghcr.io/acme/report:1.4.2 or …@sha256:<digest>)");
        }
        String tag = match.group("tag");
        if (match.group("digest") == null && (tag == null || tag.equals("latest"))) {
            throw new IllegalArgumentException("image '" + reference
                    + "' must be pinned to a tag other than 'latest' or to a digest");
        }
    }

    public static ContainerImage of(String reference) {
        return new ContainerImage(reference);
    }

    @JsonValue
    @Override
    public String toString() {
        return reference;
    }
}
