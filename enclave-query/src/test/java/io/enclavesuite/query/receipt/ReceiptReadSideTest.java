package io.enclavesuite.query.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.ReadModelDatabase;
import io.enclavesuite.receipts.receipt.JwkSet;
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

    private MockMvc api(Path current, String retired) {
        return ApiMockMvc.of(new ReceiptController(jdbc, new ReceiptKeys(new ReceiptKeyFiles(current, retired))));
    }

    @Test
    void eachHolderSeesTheirReceiptsNewestFirstAndARedeliveryAddsNothing() throws Exception {
        projection.on(issued("coordination", "room-1", "receipt-a", T1, "U0ALICE", "U0BOB", "U0CAROL"));
        projection.on(issued("team", "growth", "receipt-b", T2, "U0ALICE"));
        projection.on(issued("team", "growth", "receipt-b", T2, "U0ALICE")); // delivered again

        MockMvc api = api(folder.resolve("none.pem"), "");
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

        String body = api(folder.resolve("signing-key.pem"), " " + retiredFile + " ,")
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
    }

    @Test
    void withoutTheCurrentKeyTheKeySetIsUnavailableWithTheReason() throws Exception {
        api(folder.resolve("missing.pem"), "")
                .perform(get("/api/receipts/keys"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("missing.pem")));
    }
}
