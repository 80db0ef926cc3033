package io.enclavesuite.query.receipt;

import io.enclavesuite.receipts.receipt.JwkSet;
import io.enclavesuite.receipts.signing.Ed25519Keys;
import io.enclavesuite.receipts.signing.VerificationKeyFile;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The issuer's verification keys, published as a JWK set: the current key (its public half, from
 * {@code receipts.signing-key-file} — in a deployment mount only the public key there) and the retired keys still
 * published so old receipts keep verifying ({@code receipts.retired-keys}, comma-separated PEM public key files). Read on each request, so
 * a rotation needs no restart, and a key the write services create after this service starts is found.
 */
@Component
@EnableConfigurationProperties(ReceiptKeyFiles.class)
class ReceiptKeys {

    static class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private final Path current;
    private final List<Path> retired;

    ReceiptKeys(ReceiptKeyFiles files) {
        this.current = files.signingKeyFile();
        this.retired = files.retired();
    }

    JwkSet published() {
        Set<Ed25519Keys.VerificationKey> keys = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (Path file : concat(current, retired)) {
            if (Files.isRegularFile(file)) {
                keys.add(VerificationKeyFile.read(file));
            } else {
                missing.add(file.toString());
            }
        }
        if (!Files.isRegularFile(current)) {
            throw new Unavailable("the current receipt key " + current + " is not there (yet): receipts cannot be "
                    + "checked against a key set without it" + (missing.size() > 1 ? "; also missing " + missing : ""));
        }
        return new JwkSet(List.copyOf(keys));
    }

    private static List<Path> concat(Path first, List<Path> rest) {
        List<Path> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
