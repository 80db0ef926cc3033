package io.enclavesuite.write.receipts;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * The receipt issuer's key ({@code receipts.*}).
 *
 * @param signingKeyFile the Ed25519 signing key (PKCS#8 PEM), generated there when missing; no default: each
 *                       deployment names its own (the suite: its data folder)
 */
@ConfigurationProperties("receipts")
public record ReceiptProperties(Path signingKeyFile) {

    public ReceiptProperties {
        if (signingKeyFile == null) {
            throw new IllegalArgumentException("receipts.signing-key-file is required: the receipt signing key's "
                    + "PKCS#8 PEM file (generated there when missing)");
        }
    }
}
