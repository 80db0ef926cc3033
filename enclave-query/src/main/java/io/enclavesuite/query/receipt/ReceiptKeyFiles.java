package io.enclavesuite.query.receipt;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where the receipt issuer's verification keys are ({@code receipts.*}): the files {@link ReceiptKeys} publishes.
 *
 * @param signingKeyFile the current key — the write services' signing key, whose public half is published; in a
 *                       deployment mount only the public key PEM here
 * @param retiredKeys    comma-separated PEM public key files of retired signing keys, still published so the
 *                       receipts they signed keep verifying; empty for none
 */
@ConfigurationProperties("receipts")
record ReceiptKeyFiles(Path signingKeyFile, @DefaultValue("") String retiredKeys) {

    ReceiptKeyFiles {
        if (signingKeyFile == null) {
            throw new IllegalArgumentException("receipts.signing-key-file must name the current receipt key's file");
        }
        retiredKeys = retiredKeys == null ? "" : retiredKeys;
    }

    /** The retired keys' files, in the order given. */
    List<Path> retired() {
        return Arrays.stream(retiredKeys.split(",")).map(String::strip).filter(file -> !file.isEmpty())
                .map(Path::of).toList();
    }
}
