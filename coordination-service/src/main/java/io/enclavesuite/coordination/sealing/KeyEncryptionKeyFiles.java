package io.enclavesuite.coordination.sealing;

import io.enclavesuite.receipts.signing.KeyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The KEK files: each holds 32 random bytes, base64, readable by its owner only — in a deployment a mounted
 * Kubernetes Secret. The current KEK is made on first start when its file is missing (the embedded default: the data
 * folder) — only on a first start, though: while live room keys are wrapped, a missing KEK file is a lost or unmounted
 * KEK, and a new one would silently leave every live room unopenable. A previous KEK, kept only until a rotation has
 * re-wrapped its keys, must exist.
 */
public final class KeyEncryptionKeyFiles {

    private KeyEncryptionKeyFiles() {
    }

    /**
     * The KEKs, the current one first, then the previous ones in the order given.
     *
     * @param liveKekIds the KEKs that live room keys are wrapped by ({@link RoomKeyRewrapping#liveKekIds})
     */
    public static List<byte[]> load(Path current, List<Path> previous, Set<String> liveKekIds) {
        if (!Files.exists(current) && !liveKekIds.isEmpty()) {
            throw new IllegalStateException("the key-encryption key file " + current + " is missing, yet live room keys"
                    + " are wrapped by KEK " + String.join(", ", new TreeSet<>(liveKekIds)) + ": restore that file"
                    + " (coordination.key-encryption.key-file); a new KEK would open none of those rooms."
                    + " See docs/security.md, \"Room keys and the key-encryption key\"");
        }
        List<byte[]> keks = new ArrayList<>();
        keks.add(loadOrCreate(current));
        for (Path file : previous) {
            keks.add(read(file));
        }
        return keks;
    }

    static byte[] loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            byte[] kek = new byte[32];
            new SecureRandom().nextBytes(kek);
            try {
                KeyFiles.createOwnerOnly(file, Base64.getEncoder().encodeToString(kek) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the key-encryption key file " + file, e);
            }
        }
        return read(file);
    }

    static byte[] read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key-encryption key file " + file, e);
        }
        byte[] kek;
        try {
            kek = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key-encryption key file " + file + " must hold 32 bytes, base64");
        }
        if (kek.length != 32) {
            throw new IllegalArgumentException("the key-encryption key file " + file + " must hold 32 bytes, base64;"
                    + " it holds " + kek.length);
        }
        return kek;
    }
}
