package io.enclavesuite.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enclavesuite.receipts.chain.EventChain;
import io.enclavesuite.receipts.chain.ExportedEvent;
import io.enclavesuite.receipts.receipt.Receipt;
import io.enclavesuite.receipts.receipt.ReceiptSigner;
import io.enclavesuite.receipts.signing.Ed25519Keys;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Receipts signed per second — build the receipt, canonicalise it (RFC 8785), sign it with Ed25519 — against raw
 * Bouncy Castle Ed25519 signatures per second over a message of the same size, in the same run; and the time to
 * recompute the hash chain of a 100,000-event stream.
 */
public final class ReceiptBenchmark {

    public static void main(String[] args) {
        Duration run = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
        int chainLength = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Ed25519Keys.SigningKey key = Ed25519Keys.SigningKey.generate(new SecureRandom());
        ReceiptSigner signer = new ReceiptSigner(key);
        byte[] message = ReceiptSigner.signedBytes(receipt(0));

        perSecond(() -> key.sign(message), run.dividedBy(2));
        double raw = perSecond(() -> key.sign(message), run);
        long[] n = {0};
        perSecond(() -> signer.sign(receipt(n[0]++)), run.dividedBy(2));
        double receipts = perSecond(() -> signer.sign(receipt(n[0]++)), run);

        List<ExportedEvent> events = stream(chainLength);
        EventChain chain = new EventChain();
        chain.head(events.subList(0, Math.min(events.size(), 10_000)), EventChain.V1);
        long start = System.nanoTime();
        String head = chain.head(events, EventChain.V1).head().orElseThrow();
        double chainMillis = (System.nanoTime() - start) / 1_000_000.0;

        System.out.printf(Locale.ROOT, "signed message %d bytes; %d s per run; %d cores%n", message.length,
                run.toSeconds(), Runtime.getRuntime().availableProcessors());
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| raw Ed25519 signatures/s (Bouncy Castle) | %.0f |%n", raw);
        System.out.printf(Locale.ROOT, "| receipts signed/s (build + canonicalise + sign) | %.0f |%n", receipts);
        System.out.printf(Locale.ROOT, "| ratio | %.2f |%n", receipts / raw);
        System.out.printf(Locale.ROOT, "| chain of %,d events recomputed | %.0f ms (head %s…) |%n", chainLength,
                chainMillis, head.substring(0, 12));
    }

    static Receipt receipt(long n) {
        return new Receipt("rcpt-" + n, "coordination", "room-00000000-0000-0000-0000-0000000000aa", "Q1 planning",
                List.of("U0ALICE", "U0BOB", "U0CAROL", "U0DAVE"),
                JsonNodeFactory.instance.objectNode().put("start", "2026-12-01T10:00:00Z")
                        .put("end", "2026-12-01T11:00:00Z").put("confidence", "medium"),
                42, Instant.parse("2026-11-23T09:00:00Z"), Instant.parse("2026-11-23T11:00:00Z"),
                "3f9a0c1be27d44c6a5f0d9e8b7c6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8", null, "pending",
                Instant.parse("2026-11-23T11:00:01Z"), null);
    }

    static List<ExportedEvent> stream(int length) {
        List<ExportedEvent> events = new ArrayList<>(length);
        Instant t = Instant.parse("2026-11-23T09:00:00Z");
        for (int i = 0; i < length; i++) {
            events.add(new ExportedEvent("room-00000000-0000-0000-0000-0000000000aa",
                    "io.enclavesuite.api.coordination.WindowsSubmitted", i, t.plusMillis(i),
                    JsonNodeFactory.instance.objectNode().put("participant", "U0BOB")
                            .put("windows", "bm9uY2UtYW5kLWNpcGhlcnRleHQtb2YtdGhlLXdpbmRvd3M").put("windowCount", 3),
                    JsonNodeFactory.instance.objectNode().put("actor", "U0BOB").put("via", "slack")
                            .put("traceId", "8c1f9a4e-2b7d-4e1a-9c3f-5d6e7f8a9b0c"), null));
        }
        return events;
    }

    private static double perSecond(Runnable operation, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        long done = 0;
        while (System.nanoTime() < deadline) {
            operation.run();
            done++;
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }

    private ReceiptBenchmark() {
    }
}
