package io.enclavesuite.query.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.ReadModelDatabase;
import io.enclavesuite.receipts.receipt.JwkSet;
import io.enclavesuite.receipts.receipt.KeyValidity;
import io.enclavesuite.receipts.receipt.Receipt;
import io.enclavesuite.receipts.receipt.ReceiptSigner;
import io.enclavesuite.receipts.receipt.ReceiptVerifier;
import io.enclavesuite.receipts.signing.Ed25519Keys;
import io.enclavesuite.receipts.signing.SigningKeyFile;
import io.enclavesuite.receipts.signing.VerificationKeyFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Receipts filed under their holders, and the published key set, against real PostgreSQL. */
class ReceiptReadSideTest {

    private static final Instant T1 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-23T11:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path folder;
    private JdbcTemplate jdbc;
    private ReceiptProjection projection;

    @BeforeEach
    void setUp() {
        jdbc = ReadModelDatabase.fresh();
        projection = new ReceiptProjection(jdbc);
    }

    private static ReceiptIssued issued(String kind, String enclave, String receiptId, Instant at, String... holders) {
        JsonNode document = EnclaveJson.mapper().createObjectNode().put("receiptId", receiptId)
                .put("enclaveId", enclave).put("signature", "c2ln");
        return new ReceiptIssued(kind, enclave, receiptId, List.of(holders), document, at);
    }

    private MockMvc api(Path current) {
        return api(new ReceiptKeyFiles(current, null, List.of(), List.of(), ""));
    }

    private MockMvc api(ReceiptKeyFiles files) {
        return ApiMockMvc.of(new ReceiptController(jdbc, new ReceiptKeys(files)));
    }

    @Test
    void eachHolderSeesTheirReceiptsNewestFirstAndARedeliveryAddsNothing() throws Exception {
        projection.on(issued("coordination", "room-1", "receipt-a", T1, "U0ALICE", "U0BOB", "U0CAROL"));
        projection.on(issued("team", "growth", "receipt-b", T2, "U0ALICE"));
        projection.on(issued("team", "growth", "receipt-b", T2, "U0ALICE")); // delivered again

        MockMvc api = api(folder.resolve("none.pem"));
        api.perform(get("/api/receipts").with(reader("U0ALICE")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].receiptId").value("receipt-b"))
                .andExpect(jsonPath("$[1].receiptId").value("receipt-a"));
        api.perform(get("/api/receipts").with(reader("U0BOB")))
                .andExpect(jsonPath("$.length()").value(1));
        api.perform(get("/api/receipts").with(reader("U0EVE")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
        api.perform(get("/api/receipts"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType("application/problem+json"));
        assertThat(jdbc.queryForObject("select count(*) from receipt_holder", Integer.class)).isEqualTo(4);
    }

    @Test
    void theKeySetPublishesTheCurrentKeyAndTheRetiredOnesToAnyoneWithoutAToken() throws Exception {
        Ed25519Keys.SigningKey current = SigningKeyFile.loadOrCreate(folder.resolve("signing-key.pem"), RANDOM);
        Ed25519Keys.VerificationKey retired = Ed25519Keys.SigningKey.generate(RANDOM).verificationKey();
        Path retiredFile = Files.writeString(folder.resolve("retired.pem"), VerificationKeyFile.toPem(retired));

        String body = api(new ReceiptKeyFiles(folder.resolve("signing-key.pem"), null,
                List.of(new ReceiptKeyFiles.RetiredKey(retiredFile, null, T1)), List.of(), ""))
                .perform(get("/api/receipts/keys"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/jwk-set+json"))
                .andExpect(jsonPath("$.keys.length()").value(2))
                .andExpect(jsonPath("$.keys[0].kty").value("OKP"))
                .andExpect(jsonPath("$.keys[0].crv").value("Ed25519"))
                .andReturn().getResponse().getContentAsString();

        JwkSet published = JwkSet.fromJson(EnclaveJson.mapper().readTree(body));
        assertThat(published.find(current.verificationKey().keyId())).contains(current.verificationKey());
        assertThat(published.find(retired.keyId())).contains(retired);
        assertThat(body).doesNotContain("\"d\"");
        assertThat(published.published(retired.keyId()).orElseThrow().validity())
                .isEqualTo(new KeyValidity(null, T1, false));
        assertThat(published.published(current.verificationKey().keyId()).orElseThrow().validity())
                .isEqualTo(KeyValidity.CURRENT);
    }

    /**
     * The published windows are what the verifier decides by: the retired key verifies a receipt it signed before its
     * retirement, not one issued after; a revoked key verifies none, and a revocation that cannot be read makes the
     * key set unavailable rather than leave the key trusted.
     */
    @Test
    void theKeySetPublishesEachKeysWindowAndTheRevokedKeysAsRevoked() throws Exception {
        SigningKeyFile.loadOrCreate(folder.resolve("signing-key.pem"), RANDOM);
        Ed25519Keys.SigningKey old = Ed25519Keys.SigningKey.generate(RANDOM);
        Ed25519Keys.SigningKey stolen = Ed25519Keys.SigningKey.generate(RANDOM);
        Path oldFile = Files.writeString(folder.resolve("old.pem"), VerificationKeyFile.toPem(old.verificationKey()));
        Path stolenFile = Files.writeString(folder.resolve("stolen.pem"),
                VerificationKeyFile.toPem(stolen.verificationKey()));
        ReceiptKeyFiles files = new ReceiptKeyFiles(folder.resolve("signing-key.pem"), T1,
                List.of(new ReceiptKeyFiles.RetiredKey(oldFile, null, T2)), List.of(stolenFile), "");

        String body = api(files).perform(get("/api/receipts/keys")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        JwkSet published = JwkSet.fromJson(EnclaveJson.mapper().readTree(body));

        ReceiptVerifier verifier = new ReceiptVerifier();
        assertThat(verifier.verify(signedAt(old, T1), published, Optional.empty()).valid()).isTrue();
        assertThat(verifier.verify(signedAt(old, T2), published, Optional.empty()).reason())
                .contains("was retired at " + T2);
        assertThat(verifier.verify(signedAt(stolen, T1), published, Optional.empty()).reason())
                .contains("is revoked");
        assertThat(body).contains("\"notBefore\":\"" + T1 + "\"", "\"retiredAt\":\"" + T2 + "\"",
                "\"revoked\":true");

        Files.delete(stolenFile);
        api(files).perform(get("/api/receipts/keys"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("stolen.pem")));
    }

    private static Receipt signedAt(Ed25519Keys.SigningKey key, Instant issuedAt) {
        return new ReceiptSigner(key).sign(new Receipt("receipt-1", "team", "growth", null, List.of("U0ALICE"),
                EnclaveJson.mapper().createObjectNode(), 1, T1, T1, "ab".repeat(32), 2, "pending", issuedAt, null));
    }

    @Test
    void withoutTheCurrentKeyTheKeySetIsUnavailableWithTheReason() throws Exception {
        api(folder.resolve("missing.pem"))
                .perform(get("/api/receipts/keys"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("missing.pem")));
    }
}
