package io.enclavesuite.trust;

import io.enclavesuite.receipts.signing.Ed25519Keys;
import io.enclavesuite.receipts.signing.KeyFiles;
import io.enclavesuite.receipts.signing.SigningKeyFile;
import io.enclavesuite.receipts.signing.VerificationKeyFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The principals' key folder: {@code <id>.key.pem} (the private key, owner-only; only the principal itself reads it)
 * and {@code <id>.pub.pem} (its public half; the services read only these). A rotation adds a second public key as
 * {@code <id>.<label>.pub.pem} before the principal switches, and removes the old file once nothing signs with it.
 */
public final class PrincipalKeyFiles {

    private static final String PUBLIC_SUFFIX = ".pub.pem";
    private static final String PRIVATE_SUFFIX = ".key.pem";

    private PrincipalKeyFiles() {
    }

    public static Path privateKeyFile(Path folder, String principal) {
        return folder.resolve(principal + PRIVATE_SUFFIX);
    }

    public static Path publicKeyFile(Path folder, String principal) {
        return folder.resolve(principal + PUBLIC_SUFFIX);
    }

    /**
     * The principal's signer from its private key in {@code folder}, made (with its public half beside it) when
     * there is none yet: the one-machine default, where the suite makes its principals' keys in its data folder.
     */
    public static PrincipalSigner loadOrCreate(Path folder, String principal, SecureRandom random) {
        Path key = privateKeyFile(folder, principal);
        Ed25519Keys.SigningKey signing = SigningKeyFile.loadOrCreate(key, random);
        Path pub = publicKeyFile(folder, principal);
        try {
            if (!Files.exists(pub)) {
                Path temporary = Files.createTempFile(folder, ".pub", ".pem");
                Files.writeString(temporary, VerificationKeyFile.toPem(signing.verificationKey()), StandardCharsets.US_ASCII);
                Files.move(temporary, pub, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the public key of principal " + principal + " to " + pub, e);
        }
        return new PrincipalSigner(principal, signing);
    }

    /** Writes a new private key for {@code principal} to {@code file} (owner-only); fails when the file exists. */
    public static PrincipalSigner generate(Path file, String principal, SecureRandom random) {
        Ed25519Keys.SigningKey key = Ed25519Keys.SigningKey.generate(random);
        try {
            if (!KeyFiles.createOwnerOnly(file, SigningKeyFile.toPem(key))) {
                throw new IllegalArgumentException(file + " exists already: choose another file for the new key");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new PrincipalSigner(principal, key);
    }

    /**
     * The public keys in {@code folder}, by principal id: {@code <id>.pub.pem} and {@code <id>.<label>.pub.pem}.
     * A file that is not an Ed25519 public key fails with its name.
     */
    public static Map<String, List<PrincipalKey>> read(Path folder) {
        Map<String, List<PrincipalKey>> keys = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return keys;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + PUBLIC_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String stem = name.substring(0, name.length() - PUBLIC_SUFFIX.length());
                String principal = stem.contains(".") ? stem.substring(0, stem.indexOf('.')) : stem;
                keys.computeIfAbsent(principal, p -> new ArrayList<>())
                        .add(new PrincipalKey(VerificationKeyFile.read(file), null, null, file.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the principals' keys in " + folder, e);
        }
        return keys;
    }

    /** What changes when a key file is added, replaced or removed: names with their modification times. */
    static String fingerprint(Path folder) {
        if (!Files.isDirectory(folder)) {
            return "";
        }
        StringBuilder listing = new StringBuilder();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + PUBLIC_SUFFIX)) {
            List<String> entries = new ArrayList<>();
            for (Path file : files) {
                entries.add(file.getFileName() + "@" + Files.getLastModifiedTime(file).toMillis());
            }
            entries.stream().sorted().forEach(entry -> listing.append(entry).append('\n'));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the principals' keys in " + folder, e);
        }
        return listing.toString();
    }
}
