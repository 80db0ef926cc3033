package io.enclavesuite.trust;

import io.enclavesuite.receipts.signing.VerificationKeyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReloadingRegistryTest {

    private static final byte[] VALUE = "{}".getBytes(StandardCharsets.UTF_8);
    private final SecureRandom random = new SecureRandom();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));

    @Test
    void aKeyAddedToTheFolderIsBelievedAfterTheNextRescanWithoutARestart(@TempDir Path folder) throws Exception {
        PrincipalSigner first = PrincipalKeyFiles.loadOrCreate(folder, "enclavectl", random);
        ReloadingRegistry registry = new ReloadingRegistry(List.of(new Principal("enclavectl", Set.of("*"),
                ActsFor.parse("anyone", Set.of()), List.of())), Set.of(), folder, Duration.ofSeconds(10), clock);
        PrincipalSigner rotated = PrincipalKeyFiles.generate(folder.resolve("enclavectl.2.key.pem"), "enclavectl", random);
        Path next = folder.resolve("enclavectl.2.pub.pem");
        Files.writeString(next, VerificationKeyFile.toPem(rotated.key().verificationKey()));

        assertThat(verify(registry, first)).isEqualTo("enclavectl");
        assertThatThrownBy(() -> verify(registry, rotated)).isInstanceOf(UntrustedEnvelope.class);

        clock.advance(Duration.ofSeconds(11));
        assertThat(verify(registry, rotated)).isEqualTo("enclavectl");

        // the old key's file removed: its signatures are refused from the next rescan on
        Files.delete(PrincipalKeyFiles.publicKeyFile(folder, "enclavectl"));
        Files.setLastModifiedTime(next, FileTime.from(clock.instant()));
        clock.advance(Duration.ofSeconds(11));
        assertThatThrownBy(() -> verify(registry, first)).isInstanceOfSatisfying(UntrustedEnvelope.class,
                e -> assertThat(e.kind()).isEqualTo(UntrustedEnvelope.Kind.UNKNOWN_KEY));
        assertThat(verify(registry, rotated)).isEqualTo("enclavectl");
    }

    @Test
    void keysOfUnregisteredPrincipalsAreIgnored(@TempDir Path folder) {
        PrincipalSigner mallory = PrincipalKeyFiles.loadOrCreate(folder, "mallory", random);
        ReloadingRegistry registry = new ReloadingRegistry(List.of(), Set.of(), folder, Duration.ofSeconds(10), clock);

        assertThatThrownBy(() -> verify(registry, mallory)).isInstanceOfSatisfying(UntrustedEnvelope.class,
                e -> assertThat(e).hasMessageContaining("unknown principal 'mallory'"));
    }

    @Test
    void thePrivateKeyFileIsReadableByItsOwnerOnly(@TempDir Path folder) throws Exception {
        PrincipalKeyFiles.loadOrCreate(folder, "slack-gateway", random);

        assertThat(Files.getPosixFilePermissions(PrincipalKeyFiles.privateKeyFile(folder, "slack-gateway")))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(PrincipalKeyFiles.loadOrCreate(folder, "slack-gateway", random).keyId())
                .isEqualTo(PrincipalKeyFiles.loadOrCreate(folder, "slack-gateway", random).keyId());
    }

    private String verify(ReloadingRegistry registry, PrincipalSigner signer) {
        return EnvelopeSignature.verify(registry.get(), signer.sign(VALUE), VALUE, clock.instant()).id();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
