package io.enclavesuite.receipts.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;

/** What the key files of the suite share: PEM armour, and creating a key file readable by its owner only. */
public final class KeyFiles {

    /**
     * Writes {@code text} to {@code file}, owner-only, unless the file exists. The text goes to a temporary file in
     * the same folder first, and the move never replaces a file: of two processes creating the key at once, one wins
     * and the other reads the winner's key instead of using its own.
     *
     * @return true when this call wrote the file, false when it was there already
     */
    public static boolean createOwnerOnly(Path file, String text) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, ".key", ".pem");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own protection applies
            }
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            Files.move(temporary, file);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** {@code der} as PEM text with the given label, e.g. {@code PRIVATE KEY}. */
    public static String toPem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /**
     * The DER bytes between {@code -----BEGIN label-----} and {@code -----END label-----}, or empty when the text has
     * no such block.
     *
     * @throws IllegalArgumentException when the block's body is not base64
     */
    public static Optional<byte[]> fromPem(String label, String pem) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM body is not base64");
        }
    }

    private KeyFiles() {
    }
}
