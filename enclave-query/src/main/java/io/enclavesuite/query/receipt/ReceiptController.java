package io.enclavesuite.query.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.apiauth.Problems;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code GET /api/receipts}: the receipts the reader holds, newest first; {@code GET /api/receipts/keys}: the
 * issuer's verification keys as a JWK set (OKP / Ed25519), what {@code verify-receipt --keys-url} reads.
 */
@RestController
class ReceiptController {

    private final JdbcTemplate jdbc;
    private final ReceiptKeys keys;

    ReceiptController(JdbcTemplate jdbc, ReceiptKeys keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    @GetMapping("/api/receipts")
    List<JsonNode> receipts(@AuthenticationPrincipal UserId holder) {
        return jdbc.query("""
                        select r.document::text from receipt r join receipt_holder h on h.receipt_id = r.receipt_id
                        where h.user_id = ? order by r.issued_at desc, r.receipt_id""",
                (rs, row) -> parse(rs.getString(1)), holder.value());
    }

    /** Public keys, open to anyone: verifiers fetch them without being anyone in particular. */
    @SecurityRequirements
    @GetMapping("/api/receipts/keys")
    ResponseEntity<JsonNode> keys() {
        try {
            return ResponseEntity.ok().header("Content-Type", "application/jwk-set+json")
                    .body(keys.published().toJson());
        } catch (ReceiptKeys.Unavailable e) {
            throw Problems.unavailable("Receipt keys unavailable", e.getMessage());
        }
    }

    private static JsonNode parse(String document) {
        try {
            return EnclaveJson.mapper().readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("receipt.document holds JSON", e);
        }
    }
}
