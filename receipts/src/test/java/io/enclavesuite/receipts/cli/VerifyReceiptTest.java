package io.enclavesuite.receipts.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.enclavesuite.receipts.chain.EventChain;
import io.enclavesuite.receipts.chain.ExportedEvent;
import io.enclavesuite.receipts.chain.WithheldEvent;
import io.enclavesuite.receipts.receipt.JwkSet;
import io.enclavesuite.receipts.receipt.KeyValidity;
import io.enclavesuite.receipts.receipt.Receipt;
import io.enclavesuite.receipts.receipt.ReceiptSigner;
import io.enclavesuite.receipts.signing.Ed25519Keys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The verify command on files, as a participant would run it: valid, tampered, rotated and unknown keys. */
class VerifyReceiptTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;
    private final Ed25519Keys.SigningKey retired = Ed25519Keys.SigningKey.generate(RANDOM);
    private final Ed25519Keys.SigningKey current = Ed25519Keys.SigningKey.generate(RANDOM);
    private List<ExportedEvent> events;
    private Path receiptFile;
    private Path keysFile;
    private Path eventsFile;
    private StringWriter out;

    @BeforeEach
    void aSignedReceiptItsKeysAndItsEvents() throws Exception {
        events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(new ExportedEvent("room-00000000-0000-0000-0000-0000000000aa",
                    "io.enclavesuite.api.coordination.Step" + i, i, Instant.parse("2026-11-23T09:00:00Z").plusSeconds(i),
                    JsonNodeFactory.instance.objectNode().put("windows", "c2VhbGVk" + i),
                    JsonNodeFactory.instance.objectNode().put("actor", "U0ALICE").put("via", "slack"), null));
        }
        receiptFile = write("receipt.json", JSON.writeValueAsString(signed(current)));
        keysFile = write("keys.json", JSON.writeValueAsString(new JwkSet(List.of(retired.verificationKey(),
                current.verificationKey())).toJson()));
        eventsFile = write("events.ndjson", events.stream().map(this::json).collect(Collectors.joining("\n")) + "\n");
    }

    private Receipt signed(Ed25519Keys.SigningKey key) {
        String head = new EventChain().head(events, EventChain.V1).head().orElseThrow();
        Receipt unsigned = new Receipt("rcpt-1", "coordination", "room-00000000-0000-0000-0000-0000000000aa",
                "Q1 planning", List.of("U0ALICE", "U0BOB", "U0CAROL"),
                JsonNodeFactory.instance.objectNode().put("slot", "2026-12-01T10:00:00Z/2026-12-01T11:00:00Z"),
                events.size(), events.get(0).timestamp(), events.get(events.size() - 1).timestamp(), head, null, "pending",
                Instant.parse("2026-11-23T10:00:00Z"), null);
        return new ReceiptSigner(key).sign(unsigned);
    }

    private String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private int verify(String... args) {
        out = new StringWriter();
        CommandLine cli = new CommandLine(new VerifyReceipt());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return cli.execute(args);
    }

    @Test
    void aReceiptAndItsEventsVerify() {
        assertThat(verify(receiptFile.toString(), "--keys", keysFile.toString(), "--events", eventsFile.toString()))
                .isEqualTo(VerifyReceipt.VALID);
        assertThat(out.toString()).startsWith("valid: receipt rcpt-1 of coordination").contains("chain of 6 events matches");
    }

    /** GET /api/receipts as it answers: a list, from which --for picks the room's receipt. */
    @Test
    void theReadApisListVerifiesWithTheReceiptNamedByFor() throws Exception {
        String other = JSON.writeValueAsString(signed(current)).replace("room-00000000-0000-0000-0000-0000000000aa",
                "room-00000000-0000-0000-0000-0000000000bb");
        Path list = write("receipts.json", "[" + other + "," + JSON.writeValueAsString(signed(current)) + "]");

        assertThat(verify(list.toString(), "--for", "room-00000000-0000-0000-0000-0000000000aa", "--keys",
                keysFile.toString(), "--events", eventsFile.toString())).isEqualTo(VerifyReceipt.VALID);
        assertThat(out.toString()).contains("room-00000000-0000-0000-0000-0000000000aa").contains("chain of 6 events");

        assertThat(verify(list.toString(), "--keys", keysFile.toString())).isEqualTo(VerifyReceipt.USAGE);
        assertThat(out.toString()).contains("is a list of 2 receipts: name the enclave or room with --for");
        assertThat(verify(list.toString(), "--for", "room-x", "--keys", keysFile.toString()))
                .isEqualTo(VerifyReceipt.USAGE);
        assertThat(out.toString()).contains("none is for 'room-x'");
    }

    @Test
    void aReceiptSignedWithARetiredButPublishedKeyStillVerifies() throws Exception {
        Files.writeString(receiptFile, json(signed(retired)));

        assertThat(verify(receiptFile.toString(), "--keys", keysFile.toString())).isEqualTo(VerifyReceipt.VALID);
    }

    @Test
    void aReceiptSignedWithAnUnknownKeyFails() throws Exception {
        Files.writeString(keysFile, json(new JwkSet(List.of(retired.verificationKey())).toJson()));

        assertThat(verify(receiptFile.toString(), "--keys", keysFile.toString())).isEqualTo(VerifyReceipt.INVALID);
        assertThat(out.toString()).contains("which the key set does not publish");
    }

    @Test
    void flippingAnySingleByteOfTheReceiptFailsWithAReason() throws Exception {
        byte[] original = Files.readAllBytes(receiptFile);
        for (int i = 0; i < original.length; i++) {
            byte[] tampered = original.clone();
            tampered[i] ^= 0x01;
            Files.write(receiptFile, tampered);
            int exit = verify(receiptFile.toString(), "--keys", keysFile.toString(), "--events", eventsFile.toString());
            assertThat(exit).as("byte " + i + " ('" + (char) original[i] + "') flipped: " + out).isEqualTo(VerifyReceipt.INVALID);
            assertThat(out.toString()).startsWith("invalid: ");
        }
    }

    @Test
    void flippingAnySingleByteOfAnyExportedEventFailsWithAReason() throws Exception {
        byte[] original = Files.readAllBytes(eventsFile);
        for (int i = 0; i < original.length; i++) {
            if (original[i] == '\n') {
                continue; // line breaks only separate events
            }
            byte[] tampered = original.clone();
            tampered[i] ^= 0x01;
            Files.write(eventsFile, tampered);
            int exit = verify(receiptFile.toString(), "--keys", keysFile.toString(), "--events", eventsFile.toString());
            assertThat(exit).as("byte " + i + " ('" + (char) original[i] + "') flipped: " + out).isEqualTo(VerifyReceipt.INVALID);
            assertThat(out.toString()).matches("(?s)invalid: (event line \\d+ is not a well-formed event|the events).*");
        }
    }

    @Test
    void droppingAnEventFailsAsAGap() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(eventsFile));
        lines.remove(2);
        Files.write(eventsFile, lines);

        assertThat(verify(receiptFile.toString(), "--keys", keysFile.toString(), "--events", eventsFile.toString()))
                .isEqualTo(VerifyReceipt.INVALID);
        assertThat(out.toString()).contains("sequence 2 is missing");
    }

    /** A version 2 receipt, its events with ids, and an export that withholds events 1 and 3 by their hashes. */
    private List<String> withheldExport() throws Exception {
        List<ExportedEvent> withIds = events.stream().map(e -> new ExportedEvent(e.aggregateId(), e.type(),
                e.sequence(), e.timestamp(), e.payload(), e.metadata(), java.util.UUID.randomUUID().toString())).toList();
        EventChain chain = new EventChain();
        Receipt unsigned = new Receipt("rcpt-2", "team", "room-00000000-0000-0000-0000-0000000000aa", null,
                List.of("U0ALICE", "U0BOB"), JsonNodeFactory.instance.objectNode(), withIds.size(),
                withIds.get(0).timestamp(), withIds.get(withIds.size() - 1).timestamp(),
                chain.head(withIds, EventChain.V2).head().orElseThrow(), EventChain.V2, "pending",
                Instant.parse("2026-11-23T10:00:00Z"), null);
        Files.writeString(receiptFile, json(new ReceiptSigner(current).sign(unsigned)));
        List<String> lines = new ArrayList<>();
        for (ExportedEvent event : withIds) {
            lines.add(event.sequence() % 2 == 1
                    ? json(new WithheldEvent(event.aggregateId(), event.sequence(), chain.eventHash(event)))
                    : json(event));
        }
        return lines;
    }

    @Test
    void anExportThatWithholdsEventsByTheirHashesVerifiesAndSaysHowMany() throws Exception {
        List<String> lines = withheldExport();
        Files.write(eventsFile, lines);

        assertThat(verify(receiptFile.toString(), "--keys", keysFile.toString(), "--events", eventsFile.toString()))
                .as("%s", out).isEqualTo(VerifyReceipt.VALID);
        assertThat(out.toString()).contains("chain of 6 events matches (3 withheld from you, each by its hash)");
        assertThat(lines.get(1)).startsWith("{\"aggregateId\"").contains("\"eventHash\"").doesNotContain("Step1");
    }

    @Test
    void flippingAnySingleByteOfAnExportWithWithheldEventsFailsWithAReason() throws Exception {
        Files.write(eventsFile, withheldExport());
        byte[] original = Files.readAllBytes(eventsFile);
        for (int i = 0; i < original.length; i++) {
            if (original[i] == '\n') {
                continue;
            }
            byte[] tampered = original.clone();
            tampered[i] ^= 0x01;
            Files.write(eventsFile, tampered);
            int exit = verify(receiptFile.toString(), "--keys", keysFile.toString(), "--events", eventsFile.toString());
            assertThat(exit).as("byte " + i + " ('" + (char) original[i] + "') flipped: " + out).isEqualTo(VerifyReceipt.INVALID);
        }
    }

    @Test
    void aVersion1ReceiptCannotBeVerifiedAgainstWithheldEvents() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(eventsFile));
        lines.set(2, json(new WithheldEvent(events.get(2).aggregateId(), 2, "ab".repeat(32))));
        Files.write(eventsFile, lines);

        assertThat(verify(receiptFile.toString(), "--keys", keysFile.toString(), "--events", eventsFile.toString()))
                .isEqualTo(VerifyReceipt.INVALID);
        assertThat(out.toString()).contains("event 2 is withheld, but this receipt's chain (version 1) hashes every "
                + "event whole");
    }

    @Test
    void aKeyRetiredBeforeTheReceiptWasIssuedOrRevokedDoesNotVerifyIt() throws Exception {
        Instant issued = Instant.parse("2026-11-23T10:00:00Z");
        Files.writeString(keysFile, json(JwkSet.of(List.of(new JwkSet.PublishedKey(current.verificationKey(),
                new KeyValidity(null, issued, false)))).toJson()));
        assertThat(verify(receiptFile.toString(), "--keys", keysFile.toString())).isEqualTo(VerifyReceipt.INVALID);
        assertThat(out.toString()).contains("after key '" + current.verificationKey().keyId() + "' was retired at");

        Files.writeString(keysFile, json(JwkSet.of(List.of(new JwkSet.PublishedKey(current.verificationKey(),
                new KeyValidity(null, issued.plusSeconds(1), false)))).toJson()));
        assertThat(verify(receiptFile.toString(), "--keys", keysFile.toString())).isEqualTo(VerifyReceipt.VALID);

        Files.writeString(keysFile, json(JwkSet.of(List.of(new JwkSet.PublishedKey(current.verificationKey(),
                new KeyValidity(null, issued.plusSeconds(1), true)))).toJson()));
        assertThat(verify(receiptFile.toString(), "--keys", keysFile.toString())).isEqualTo(VerifyReceipt.INVALID);
        assertThat(out.toString()).contains("is revoked: no receipt it signed is trusted");
    }

    @Test
    void withoutKeysOrWithAMissingFileItIsAUsageError() {
        assertThat(verify(receiptFile.toString())).isEqualTo(VerifyReceipt.USAGE);
        assertThat(verify(dir.resolve("nope.json").toString(), "--keys", keysFile.toString()))
                .isEqualTo(VerifyReceipt.USAGE);
    }
}
