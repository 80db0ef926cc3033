package io.enclavesuite.query.archive;

import io.enclavesuite.apiauth.Problems;
import org.springframework.web.ErrorResponseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * Where a page of the archive ended: the last item's change time, kind and id, in the archive's order. Opaque to
 * clients; a digest of its content lets a changed cursor be refused with a reason instead of silently starting
 * somewhere else. It grants nothing: every page is filtered for its reader again.
 */
record ArchiveCursor(Instant updatedAt, String kind, String id) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int DIGEST_BYTES = 8;
    private static final Set<String> KINDS = Set.of(ArchiveController.ROOM, ArchiveController.ENCLAVE);

    String encode() {
        String position = updatedAt + "\n" + kind + "\n" + id;
        byte[] bytes = position.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(digest(bytes));
    }

    /** @throws ErrorResponseException 400 for anything this API did not give out as a cursor */
    static ArchiveCursor decode(String cursor) {
        try {
            int dot = cursor.indexOf('.');
            if (dot < 0) {
                throw refused();
            }
            byte[] bytes = DECODER.decode(cursor.substring(0, dot));
            if (!MessageDigest.isEqual(digest(bytes), DECODER.decode(cursor.substring(dot + 1)))) {
                throw refused();
            }
            String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 3 || !KINDS.contains(parts[1]) || parts[2].isEmpty()) {
                throw refused();
            }
            return new ArchiveCursor(Instant.parse(parts[0]), parts[1], parts[2]);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw refused();
        }
    }

    private static ErrorResponseException refused() {
        return Problems.badRequest("Malformed after", "after must be the 'next' of a previous page, exactly as given");
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(bytes), DIGEST_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
