package io.enclavesuite.bench;

import io.enclavesuite.receipts.chain.EventChain;
import io.enclavesuite.receipts.receipt.JwkSet;
import io.enclavesuite.receipts.receipt.ReceiptSigner;
import io.enclavesuite.receipts.receipt.ReceiptVerifier;
import io.enclavesuite.receipts.signing.Ed25519Keys;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Not a timing test: what the benchmark signs verifies, and the stream it hashes is one valid stream. */
class ReceiptBenchmarkTest {

    @Test
    void theBenchmarksReceiptsVerifyAndItsStreamChains() {
        Ed25519Keys.SigningKey key = Ed25519Keys.SigningKey.generate(new SecureRandom());
        var signed = new ReceiptSigner(key).sign(ReceiptBenchmark.receipt(7));

        assertThat(new ReceiptVerifier().verify(signed, new JwkSet(List.of(key.verificationKey())), Optional.empty())
                .valid()).isTrue();
        assertThat(new EventChain().head(ReceiptBenchmark.stream(1_000), EventChain.V1).head()).isPresent();
    }
}
