package io.enclavesuite.query.receipt;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code receipts.*} as enclave-query reads it. */
class ReceiptKeyFilesTest {

    private static ReceiptKeyFiles bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("receipts",
                ReceiptKeyFiles.class);
    }

    @Test
    void eachRetiredKeyHasItsFileAndItsWindowAndTheRevokedKeysAreFiles() {
        ReceiptKeyFiles files = bind(Map.of("receipts.signing-key-file", "/keys/current.pem",
                "receipts.signing-key-not-before", "2026-01-01T00:00:00Z",
                "receipts.retired[0].file", "/keys/2025.pem",
                "receipts.retired[0].not-before", "2025-01-01T00:00:00Z",
                "receipts.retired[0].retired-at", "2026-01-01T00:00:00Z",
                "receipts.retired[1].file", "/keys/2024.pem",
                "receipts.retired[1].retired-at", "2025-01-01T00:00:00Z",
                "receipts.revoked-keys", "/keys/stolen.pem, /keys/lost.pem"));

        assertThat(files.signingKeyFile()).isEqualTo(Path.of("/keys/current.pem"));
        assertThat(files.signingKeyNotBefore()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(files.retired()).containsExactly(
                new ReceiptKeyFiles.RetiredKey(Path.of("/keys/2025.pem"), Instant.parse("2025-01-01T00:00:00Z"),
                        Instant.parse("2026-01-01T00:00:00Z")),
                new ReceiptKeyFiles.RetiredKey(Path.of("/keys/2024.pem"), null, Instant.parse("2025-01-01T00:00:00Z")));
        assertThat(files.revokedKeys()).containsExactly(Path.of("/keys/stolen.pem"), Path.of("/keys/lost.pem"));
    }

    @Test
    void noRetiredOrRevokedKeysByDefault() {
        ReceiptKeyFiles files = bind(Map.of("receipts.signing-key-file", "/keys/current.pem"));

        assertThat(files.retired()).isEqualTo(List.of());
        assertThat(files.revokedKeys()).isEqualTo(List.of());
        assertThat(files.signingKeyNotBefore()).isNull();
    }

    @Test
    void aRetiredKeyWithoutItsRetirementIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("receipts.signing-key-file", "/keys/current.pem",
                "receipts.retired[0].file", "/keys/2025.pem")))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("a retired receipt key needs its file and its retired-at (when it stopped "
                        + "signing): receipts.retired[i].file and receipts.retired[i].retired-at");
    }

    /** The former list had no windows: a key in it would verify receipts issued after its retirement. */
    @Test
    void theFormerListOfRetiredKeysIsRefusedWithWhatToWriteInstead() {
        assertThatThrownBy(() -> bind(Map.of("receipts.signing-key-file", "/keys/current.pem",
                "receipts.retired-keys", "/keys/2025.pem")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageStartingWith("receipts.retired-keys is no longer read")
                .hasMessageContaining("receipts.retired[i].file with receipts.retired[i].retired-at");
        assertThat(bind(Map.of("receipts.signing-key-file", "/keys/current.pem", "receipts.retired-keys", ""))
                .retired()).isEmpty();
    }

    @Test
    void theCurrentKeyMustBeNamed() {
        assertThatThrownBy(() -> bind(Map.of()))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("receipts.signing-key-file must name the current receipt key's file");
    }
}
