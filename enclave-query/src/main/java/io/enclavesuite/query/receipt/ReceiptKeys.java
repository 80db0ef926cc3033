package io.enclavesuite.query.receipt;

import io.enclavesuite.receipts.receipt.JwkSet;
import io.enclavesuite.receipts.receipt.KeyValidity;
import io.enclavesuite.receipts.signing.Ed25519Keys;
import io.enclavesuite.receipts.signing.VerificationKeyFile;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The issuer's verification keys, published as a JWK set, each with when it may have signed: the current key (its
 * public half, from {@code receipts.signing-key-file} — in a deployment mount only the public key there), the
 * retired keys with their windows ({@code receipts.retired}), so old receipts keep verifying and none issued after
 * a retirement does, and the revoked keys ({@code receipts.revoked-keys}), published as revoked so a verifier names
 * the reason. Read on each request, so a rotation or a revocation needs no restart, and a key the write services
 * create after this service starts is found.
 */
@Component
@EnableConfigurationProperties(ReceiptKeyFiles.class)
class ReceiptKeys {

    static class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private final ReceiptKeyFiles files;

    ReceiptKeys(ReceiptKeyFiles files) {
        this.files = files;
    }

    JwkSet published() {
        Path current = files.signingKeyFile();
        if (!Files.isRegularFile(current)) {
            throw new Unavailable("the current receipt key " + current + " is not there (yet): receipts cannot be "
                    + "checked against a key set without it");
        }
        List<String> missing = new ArrayList<>();
        Set<String> revoked = new HashSet<>();
        List<Ed25519Keys.VerificationKey> revokedKeys = new ArrayList<>();
        for (Path file : files.revokedKeys()) {
            if (Files.isRegularFile(file)) {
                Ed25519Keys.VerificationKey key = VerificationKeyFile.read(file);
                revoked.add(key.keyId());
                revokedKeys.add(key);
            } else {
                missing.add(file.toString());
            }
        }
        if (!missing.isEmpty()) {
            // a revocation that cannot be read must not let the key verify, so nothing is published instead
            throw new Unavailable("the revoked receipt keys " + missing + " are not there: without them a revoked "
                    + "key could still verify");
        }
        Map<String, JwkSet.PublishedKey> keys = new LinkedHashMap<>();
        Ed25519Keys.VerificationKey currentKey = VerificationKeyFile.read(current);
        keys.put(currentKey.keyId(), new JwkSet.PublishedKey(currentKey,
                new KeyValidity(files.signingKeyNotBefore(), null, revoked.contains(currentKey.keyId()))));
        for (ReceiptKeyFiles.RetiredKey retired : files.retired()) {
            if (!Files.isRegularFile(retired.file())) {
                continue; // a retired key not mounted verifies nothing: the safe side of a mistake
            }
            Ed25519Keys.VerificationKey key = VerificationKeyFile.read(retired.file());
            // a retirement named outright wins over the current key's file still holding the same key
            keys.put(key.keyId(), new JwkSet.PublishedKey(key, new KeyValidity(retired.notBefore(),
                    retired.retiredAt(), revoked.contains(key.keyId()))));
        }
        for (Ed25519Keys.VerificationKey key : revokedKeys) {
            keys.putIfAbsent(key.keyId(), new JwkSet.PublishedKey(key, new KeyValidity(null, null, true)));
        }
        return JwkSet.of(List.copyOf(keys.values()));
    }
}
