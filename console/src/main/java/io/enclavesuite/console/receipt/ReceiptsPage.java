package io.enclavesuite.console.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.console.ConsoleProperties;
import io.enclavesuite.console.readapi.ReadApi;
import io.enclavesuite.console.signin.Person;
import io.enclavesuite.console.web.Pages;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The receipts the person holds ({@code GET /api/receipts}), each with the two files a verifier needs — the signed
 * receipt and the enclave's event export, both fetched for the person with their own token at the moment they ask,
 * never kept — and the {@code verify-receipt} command that checks them. The page does not verify anything itself:
 * a check run by the console would only be the console vouching for the console; the command, run by the holder on
 * their own machine against the issuer's published keys, is the proof.
 */
@Controller
class ReceiptsPage {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final ReadApi api;
    private final ReceiptExports exports;
    private final String keysUrl;
    private final ObjectMapper json = EnclaveJson.mapper();

    ReceiptsPage(ReadApi api, ReceiptExports exports, ReceiptProperties properties, ConsoleProperties console) {
        this.api = api;
        this.exports = exports;
        this.keysUrl = properties.keysUrl().isBlank() ? console.queryUrl().resolve("/api/receipts/keys").toString()
                : properties.keysUrl();
    }

    @GetMapping("/receipts")
    String receipts(Authentication authentication, Model model) {
        List<Held> held = new ArrayList<>();
        for (JsonNode receipt : api.get(Pages.person(authentication), "/api/receipts")) {
            held.add(held(receipt));
        }
        model.addAttribute("receipts", held);
        model.addAttribute("keysUrl", keysUrl);
        return "receipts";
    }

    @GetMapping("/receipts/{enclave}/receipt.json")
    ResponseEntity<byte[]> receipt(@PathVariable String enclave, Authentication authentication)
            throws JsonProcessingException {
        Held held = held(find(Pages.person(authentication), enclave));
        byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsString(held.document())
                .getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(held.receiptFile())).body(body);
    }

    @GetMapping("/receipts/{enclave}/events.ndjson")
    ResponseEntity<StreamingResponseBody> events(@PathVariable String enclave, Authentication authentication) {
        Person me = Pages.person(authentication);
        Held held = held(find(me, enclave));
        InputStream lines = exports.open(me, held.kind(), held.enclaveId());
        StreamingResponseBody body = out -> {
            try (lines) {
                lines.transferTo(out);
            }
        };
        return ResponseEntity.ok().contentType(NDJSON).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(held.eventsFile())).body(body);
    }

    @ExceptionHandler(ReceiptExports.Refused.class)
    String refused(ReceiptExports.Refused e, HttpServletResponse response, Model model, Authentication authentication) {
        response.setStatus(e.status());
        model.addAttribute("me", Person.of(authentication).orElse(null));
        model.addAttribute("problem", "The events could not be downloaded: " + e.getMessage() + ".");
        return "problem";
    }

    /** The person's receipt of this enclave or room; someone who holds none gets what a missing one gets. */
    private JsonNode find(Person person, String enclave) {
        for (JsonNode receipt : api.get(person, "/api/receipts")) {
            if (receipt.path("enclaveId").asText().equals(enclave)) {
                return receipt;
            }
        }
        throw new ReadApi.NotFound();
    }

    private Held held(JsonNode receipt) {
        String id = receipt.path("enclaveId").asText();
        String receiptFile = "receipt-" + id + ".json";
        String eventsFile = "events-" + id + ".ndjson";
        String command = "bin/verify-receipt " + receiptFile + " --keys-url " + keysUrl + " --events " + eventsFile;
        return new Held(receipt, Pages.view(receipt), receipt.path("enclaveKind").asText(), id, receiptFile,
                eventsFile, command);
    }

    private static String attachment(String file) {
        return ContentDisposition.attachment().filename(file).build().toString();
    }

    /**
     * One held receipt as the page shows it: {@code receipt} for the template, the files' names and the command that
     * verifies them once both are downloaded into one folder.
     */
    record Held(JsonNode document, Object receipt, String kind, String enclaveId, String receiptFile,
                String eventsFile, String command) {

        public boolean room() {
            return ReceiptExports.ROOM.equals(kind);
        }
    }
}
