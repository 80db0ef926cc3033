package io.enclavesuite.receipts.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.receipts.ReceiptJson;
import io.enclavesuite.receipts.chain.ChainEntry;
import io.enclavesuite.receipts.chain.ExportedEvent;
import io.enclavesuite.receipts.chain.WithheldEvent;
import io.enclavesuite.receipts.receipt.JwkSet;
import io.enclavesuite.receipts.receipt.Receipt;
import io.enclavesuite.receipts.receipt.ReceiptVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code verify RECEIPT.json (--keys KEYS.json | --keys-url URL) [--events EVENTS.ndjson]}: checks a receipt's
 * signature against published keys (and the key's validity window) and, given the exported events — a line with an
 * {@code eventHash} is an event withheld from the holder — recomputes its chain head. Exit 0 valid,
 * 1 invalid (the reason is printed), 2 usage error (a file cannot be read, no keys named).
 */
@Command(name = "verify", mixinStandardHelpOptions = true, version = "verify 0.1",
        description = "Verifies an Enclave Suite receipt offline.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid (the reason is printed)", "2:usage error"})
public final class VerifyReceipt implements Callable<Integer> {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    private static final ObjectMapper JSON = ReceiptJson.mapper();

    @Parameters(index = "0", paramLabel = "RECEIPT.json", description = "the receipt, or the list GET /api/receipts "
            + "answers (then --for names which)")
    Path receipt;

    @Option(names = "--for", paramLabel = "ID", description = "in a list of receipts, the one of this enclave or room")
    String subject;

    @Option(names = "--keys", paramLabel = "KEYS.json", description = "the issuer's keys as a JWK set (GET /api/receipts/keys)")
    Path keys;

    @Option(names = "--keys-url", paramLabel = "URL", description = "where to fetch the JWK set instead")
    URI keysUrl;

    @Option(names = "--events", paramLabel = "EVENTS.ndjson", description = "the enclave's exported events, one per line")
    Path events;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new VerifyReceipt()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((keys == null) == (keysUrl == null)) {
            err.println("usage: name the issuer's keys with either --keys KEYS.json or --keys-url URL");
            return USAGE;
        }
        String receiptText;
        String keysText;
        List<String> eventLines;
        try {
            receiptText = Files.readString(receipt, StandardCharsets.UTF_8);
            keysText = keys != null ? Files.readString(keys, StandardCharsets.UTF_8) : fetch(keysUrl);
            eventLines = events == null ? null : Files.readAllLines(events, StandardCharsets.UTF_8);
        } catch (IOException | InterruptedException e) {
            err.println("usage: cannot read " + e.getMessage());
            return USAGE;
        }
        JwkSet keySet;
        try {
            keySet = JwkSet.fromJson(JSON.readTree(keysText));
        } catch (IOException | IllegalArgumentException e) {
            err.println("usage: the keys are not a JWK set: " + e.getMessage());
            return USAGE;
        }
        Receipt parsed;
        try {
            com.fasterxml.jackson.databind.JsonNode document = JSON.readTree(receiptText);
            if (document != null && document.isArray()) {
                Optional<com.fasterxml.jackson.databind.JsonNode> chosen = choose(document);
                if (chosen.isEmpty()) {
                    err.println("usage: " + receipt + " is a list of " + document.size() + " receipts: name the "
                            + "enclave or room with --for" + (subject == null ? "" : " (none is for '" + subject + "')"));
                    return USAGE;
                }
                document = chosen.get();
            }
            parsed = JSON.treeToValue(document, Receipt.class);
        } catch (IOException | IllegalArgumentException e) {
            return invalid(out, "the receipt is not a well-formed receipt: " + firstLine(e.getMessage()));
        }
        Optional<List<ChainEntry>> exported = Optional.empty();
        if (eventLines != null) {
            List<ChainEntry> list = new ArrayList<>();
            for (int i = 0; i < eventLines.size(); i++) {
                if (eventLines.get(i).isBlank()) {
                    continue;
                }
                try {
                    com.fasterxml.jackson.databind.JsonNode line = JSON.readTree(eventLines.get(i));
                    list.add(line != null && line.has("eventHash") ? JSON.treeToValue(line, WithheldEvent.class)
                            : JSON.treeToValue(line, ExportedEvent.class));
                } catch (IOException | IllegalArgumentException e) {
                    return invalid(out, "event line " + (i + 1) + " is not a well-formed event: "
                            + firstLine(e.getMessage()));
                }
            }
            exported = Optional.of(list);
        }
        ReceiptVerifier.Verdict verdict = new ReceiptVerifier().verify(parsed, keySet, exported);
        if (!verdict.valid()) {
            return invalid(out, verdict.reason());
        }
        out.printf("valid: receipt %s of %s '%s', signed by key %s%s%n", parsed.receiptId(), parsed.enclaveKind(),
                parsed.enclaveId(), parsed.issuerKeyId(),
                exported.map(VerifyReceipt::chainSummary).orElse(""));
        return VALID;
    }

    private static String chainSummary(List<ChainEntry> entries) {
        long withheld = entries.stream().filter(WithheldEvent.class::isInstance).count();
        return "; chain of " + entries.size() + " events matches" + (withheld == 0 ? ""
                : " (" + withheld + " withheld from you, each by its hash)");
    }

    /** The receipt of {@link #subject} in a list, or its only one when no subject is named. */
    private Optional<com.fasterxml.jackson.databind.JsonNode> choose(com.fasterxml.jackson.databind.JsonNode list) {
        if (subject == null) {
            return list.size() == 1 ? Optional.of(list.get(0)) : Optional.empty();
        }
        for (com.fasterxml.jackson.databind.JsonNode candidate : list) {
            if (subject.equals(candidate.path("enclaveId").asText())) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int invalid(PrintWriter out, String reason) {
        out.println("invalid: " + reason);
        return INVALID;
    }

    private static String fetch(URI url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " (HTTP " + response.statusCode() + ")");
        }
        return response.body();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
