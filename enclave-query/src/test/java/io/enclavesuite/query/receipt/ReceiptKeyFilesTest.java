package io.enclavesuite.query.receipt;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
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
    void theRetiredKeysAreACommaSeparatedListOfFiles() {
        ReceiptKeyFiles files = bind(Map.of("receipts.signing-key-file", "/keys/current.pem",
                "receipts.retired-keys", " /keys/2025.pem, ,/keys/2024.pem "));

        assertThat(files.signingKeyFile()).isEqualTo(Path.of("/keys/current.pem"));
        assertThat(files.retired()).containsExactly(Path.of("/keys/2025.pem"), Path.of("/keys/2024.pem"));
    }

    @Test
    void noRetiredKeysByDefault() {
        assertThat(bind(Map.of("receipts.signing-key-file", "/keys/current.pem")).retired()).isEmpty();
        assertThat(bind(Map.of("receipts.signing-key-file", "/keys/current.pem", "receipts.retired-keys", ""))
                .retired()).isEqualTo(List.of());
    }

    @Test
    void theCurrentKeyMustBeNamed() {
        assertThatThrownBy(() -> bind(Map.of()))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("receipts.signing-key-file must name the current receipt key's file");
    }
}
