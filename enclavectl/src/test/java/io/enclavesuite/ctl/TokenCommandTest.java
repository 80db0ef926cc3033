package io.enclavesuite.ctl;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.enclavesuite.auth.LocalTokenIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code enclavectl token}: a bearer token for the read API, signed with the local issuer's key file. */
class TokenCommandTest {

    @TempDir
    Path dataDir;
    private final CtlRun ctl = new CtlRun();

    @Test
    void printsATokenForTheUserSignedWithTheKeyFile() throws Exception {
        Path keyFile = dataDir.resolve("api/token-key.pem");
        LocalTokenIssuer issuer = LocalTokenIssuer.loadOrCreate(keyFile);

        int exit = ctl.run("token", "--user", "U0CAROL", "--valid-for", "2h", "--key-file", keyFile.toString());

        assertThat(exit).as(ctl.err()).isZero();
        SignedJWT token = SignedJWT.parse(ctl.out().strip());
        assertThat(token.verify(new ECDSAVerifier(issuer.verificationKey()))).isTrue();
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("U0CAROL");
        assertThat(claims.getIssuer()).isEqualTo(LocalTokenIssuer.ISSUER);
        assertThat(claims.getAudience()).isEqualTo(List.of(LocalTokenIssuer.AUDIENCE));
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofHours(2));
        assertThat(claims.getIssueTime().toInstant()).isBetween(Instant.now().minusSeconds(60), Instant.now());
    }

    @Test
    void aTokenIsValidForEightHoursUnlessToldOtherwise() throws Exception {
        Path keyFile = dataDir.resolve("token-key.pem");
        LocalTokenIssuer.loadOrCreate(keyFile);

        assertThat(ctl.run("token", "--user", "U0ALICE", "--key-file", keyFile.toString())).isZero();

        JWTClaimsSet claims = SignedJWT.parse(ctl.out().strip()).getJWTClaimsSet();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofHours(8));
    }

    @Test
    void withoutAKeyFileNothingIsMintedAndItSaysWhereItLooked() {
        Path missing = dataDir.resolve("api/token-key.pem");

        int exit = ctl.run("token", "--user", "U0ALICE", "--key-file", missing.toString());

        assertThat(exit).isEqualTo(EnclaveCtl.USAGE);
        assertThat(ctl.out()).isEmpty();
        assertThat(ctl.err()).contains("no API token key at " + missing, "--key-file");
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void aUserWhoIsNoSlackUserIsAUsageError() throws Exception {
        Path keyFile = dataDir.resolve("token-key.pem");
        LocalTokenIssuer.loadOrCreate(keyFile);

        assertThat(ctl.run("token", "--user", "alice", "--key-file", keyFile.toString())).isEqualTo(EnclaveCtl.USAGE);
        assertThat(ctl.err()).contains("'alice' is not a Slack user id");
        assertThat(ctl.run("token", "--user", "U0ALICE", "--valid-for", "0s", "--key-file", keyFile.toString()))
                .isEqualTo(EnclaveCtl.USAGE);
        assertThat(ctl.out()).isEmpty();
    }

    @Test
    void theKeyIsLookedForWhereTheSuiteKeepsIt() {
        assertThat(CtlRun.defaultOf("token", "--key-file")).isEqualTo(CtlRun.dataFolder() + "/api/token-key.pem");
    }
}
