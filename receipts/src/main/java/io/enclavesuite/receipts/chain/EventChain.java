package io.enclavesuite.receipts.chain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.receipts.canonical.JsonCanonicalizer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The hash chain over one stream. The head commits to every event before it, so changing, dropping, reordering or
 * inserting any event changes the head. Sequences must run from 0 without gaps or repeats — two events with one
 * sequence are a fork and make the stream untrusted. Two versions, named by the receipt:
 * <ul>
 *   <li>{@value #V1} (receipts issued before exports could withhold events): link i is SHA-256 of the canonical
 *       JSON (RFC 8785) of event i's fields and link i−1 — every event must be there whole;</li>
 *   <li>{@value #V2}: event i's hash is SHA-256 of the canonical JSON of its fields and its event id; link i is
 *       SHA-256 of the canonical JSON of that hash and link i−1. An event the holder may not see is exported as its
 *       hash alone ({@link WithheldEvent}), and the chain still recomputes to the same head.</li>
 * </ul>
 * Links are hex; the genesis link is 64 zeros.
 */
public final class EventChain {

    public static final String GENESIS = "0".repeat(64);
    public static final int V1 = 1;
    public static final int V2 = 2;

    private final JsonCanonicalizer canonicalizer = new JsonCanonicalizer();

    /** What recomputing a chain found: its head, or why the events do not form one stream. */
    public record Result(Optional<String> head, Optional<String> problem) {
        static Result head(String head) {
            return new Result(Optional.of(head), Optional.empty());
        }

        static Result problem(String problem) {
            return new Result(Optional.empty(), Optional.of(problem));
        }
    }

    public Result head(List<? extends ChainEntry> entries, int version) {
        if (version != V1 && version != V2) {
            return Result.problem("chain version " + version + " is unknown: this verifier knows 1 and 2");
        }
        if (entries.isEmpty()) {
            return Result.problem("no events: a stream has at least one");
        }
        String aggregate = entries.get(0).aggregateId();
        String link = GENESIS;
        for (int i = 0; i < entries.size(); i++) {
            ChainEntry entry = entries.get(i);
            if (!entry.aggregateId().equals(aggregate)) {
                return Result.problem("event " + i + " belongs to '" + entry.aggregateId() + "', not '" + aggregate + "'");
            }
            if (entry.sequence() != i) {
                return Result.problem(entry.sequence() < i
                        ? "sequence " + entry.sequence() + " appears twice: the stream is forked"
                        : "sequence " + i + " is missing: the stream has a gap");
            }
            if (version == V1) {
                if (!(entry instanceof ExportedEvent event)) {
                    return Result.problem("event " + i + " is withheld, but this receipt's chain (version 1) hashes "
                            + "every event whole");
                }
                link = link(event, link);
            } else {
                if (entry instanceof ExportedEvent event && event.eventId() == null) {
                    return Result.problem("event " + i + " has no eventId, which a version 2 chain commits to");
                }
                String eventHash = entry instanceof WithheldEvent withheld ? withheld.eventHash()
                        : eventHash((ExportedEvent) entry);
                link = link(eventHash, link);
            }
        }
        return Result.head(link);
    }

    /**
     * How many of {@code events}, from the first, chain to {@code head}: the events a receipt covers, out of a stream
     * that may have grown between the receipt's signing and its recording (a room shredded meanwhile). Empty when no
     * prefix does.
     */
    public java.util.OptionalInt coveredLength(List<ExportedEvent> events, int version, String head) {
        String link = GENESIS;
        for (int i = 0; i < events.size(); i++) {
            link = version == V1 ? link(events.get(i), link) : link(eventHash(events.get(i)), link);
            if (link.equals(head)) {
                return java.util.OptionalInt.of(i + 1);
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** Version 1: one link, the hash of the event's canonical form and the previous link. */
    public String link(ExportedEvent event, String previousHash) {
        return sha256(canonicalizer.canonicalize(event.linkedTo(previousHash)));
    }

    /** Version 2: the hash of one event — its fields and its id — which is all a withheld event's line carries. */
    public String eventHash(ExportedEvent event) {
        if (event.eventId() == null) {
            throw new IllegalArgumentException("event " + event.sequence() + " has no eventId to commit to");
        }
        return sha256(canonicalizer.canonicalize(event.committed()));
    }

    /** Version 2: one link, the hash of the event's hash and the previous link. */
    public String link(String eventHash, String previousHash) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("eventHash", eventHash);
        node.put("previousHash", previousHash);
        return sha256(canonicalizer.canonicalize(node));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
