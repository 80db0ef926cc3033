package io.enclavesuite.receipts.chain;

import io.enclavesuite.receipts.canonical.JsonCanonicalizer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The hash chain over one stream: link i is SHA-256 of the canonical JSON (RFC 8785) of event i's fields and link
 * i−1 (hex; the genesis link is 64 zeros). The head commits to every event before it, so changing, dropping,
 * reordering or inserting any event changes the head. Sequences must run from 0 without gaps or repeats — two
 * events with one sequence are a fork and make the stream untrusted.
 */
public final class EventChain {

    public static final String GENESIS = "0".repeat(64);

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

    public Result head(List<ExportedEvent> events) {
        if (events.isEmpty()) {
            return Result.problem("no events: a stream has at least one");
        }
        String aggregate = events.get(0).aggregateId();
        String link = GENESIS;
        for (int i = 0; i < events.size(); i++) {
            ExportedEvent event = events.get(i);
            if (!event.aggregateId().equals(aggregate)) {
                return Result.problem("event " + i + " belongs to '" + event.aggregateId() + "', not '" + aggregate + "'");
            }
            if (event.sequence() != i) {
                return Result.problem(event.sequence() < i
                        ? "sequence " + event.sequence() + " appears twice: the stream is forked"
                        : "sequence " + i + " is missing: the stream has a gap");
            }
            link = link(event, link);
        }
        return Result.head(link);
    }

    /** One link: the hash of the event's canonical form and the previous link. */
    public String link(ExportedEvent event, String previousHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalizer.canonicalize(event.linkedTo(previousHash)));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
