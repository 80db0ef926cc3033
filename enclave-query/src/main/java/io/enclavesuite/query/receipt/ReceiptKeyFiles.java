package io.enclavesuite.query.receipt;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where the receipt issuer's verification keys are, and when each may have signed ({@code receipts.*}): what
 * {@link ReceiptKeys} publishes.
 *
 * @param signingKeyFile       the current key — the write services' signing key, whose public half is published; in
 *                             a deployment mount only the public key PEM here
 * @param signingKeyNotBefore  when the current key began signing, published as its {@code notBefore}; none: no lower
 *                             bound
 * @param retired              retired signing keys, each with its window: still published, so the receipts they
 *                             signed inside it keep verifying, and none issued after
 * @param revokedKeys          PEM public key files of revoked keys: published as revoked, so no receipt they signed
 *                             verifies — a key listed here and elsewhere is revoked
 * @param retiredKeys          the former comma-separated list of retired keys without windows: refused when set, so
 *                             no retired key verifies receipts issued after it was retired
 */
@ConfigurationProperties("receipts")
record ReceiptKeyFiles(Path signingKeyFile, Instant signingKeyNotBefore, List<RetiredKey> retired,
                       List<Path> revokedKeys, @DefaultValue("") String retiredKeys) {

    /**
     * @param file      the retired key's PEM public key
     * @param notBefore when it began signing; none: no lower bound
     * @param retiredAt when it stopped signing: receipts issued at or after it are not trusted under this key
     */
    record RetiredKey(Path file, Instant notBefore, Instant retiredAt) {

        RetiredKey {
            if (file == null || retiredAt == null) {
                throw new IllegalArgumentException("a retired receipt key needs its file and its retired-at (when it "
                        + "stopped signing): receipts.retired[i].file and receipts.retired[i].retired-at");
            }
            if (notBefore != null && !retiredAt.isAfter(notBefore)) {
                throw new IllegalArgumentException("receipts.retired: " + file + " is retired at " + retiredAt
                        + ", not after its not-before " + notBefore);
            }
        }
    }

    ReceiptKeyFiles {
        if (signingKeyFile == null) {
            throw new IllegalArgumentException("receipts.signing-key-file must name the current receipt key's file");
        }
        if (retiredKeys != null && !retiredKeys.isBlank()) {
            throw new IllegalArgumentException("receipts.retired-keys is no longer read: a retired key verifies only "
                    + "the receipts issued inside its window, so give each one as receipts.retired[i].file with "
                    + "receipts.retired[i].retired-at (and, if known, not-before) — see docs/receipts.md");
        }
        retired = retired == null ? List.of() : List.copyOf(retired);
        revokedKeys = revokedKeys == null ? List.of() : revokedKeys.stream().filter(Objects::nonNull).toList();
        retiredKeys = "";
    }
}
