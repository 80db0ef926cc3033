package io.enclavesuite.receipts.canonical;

/**
 * Caps on what may be canonicalized, so a hostile or runaway input costs bounded memory and time before anything is
 * hashed or signed. The defaults are those of the INK protocol's canonicalization.
 *
 * @param maxNodes number of JSON values, counting every object, array and scalar (member names are not counted)
 * @param maxDepth containers nested inside one another; a scalar alone is depth 0, {@code []} is depth 1
 * @param maxBytes length of the canonical UTF-8 output
 */
public record CanonicalLimits(int maxNodes, int maxDepth, int maxBytes) {

    public static final CanonicalLimits DEFAULT = new CanonicalLimits(10_000, 32, 1024 * 1024);

    public CanonicalLimits {
        if (maxNodes < 1 || maxDepth < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("canonicalization limits must be positive: nodes " + maxNodes
                    + ", depth " + maxDepth + ", bytes " + maxBytes);
        }
    }
}
