package io.enclavesuite.eventtopics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processing groups' parked events (Axon's {@code JdbcSequencedDeadLetterQueue}, one table, a queue per group):
 * counted for the metric and the health detail, listed, retried and dropped for the operator. Listing reads the table
 * itself and deserialises no payload, so showing a parked record loads no class it names.
 */
public class ParkedEvents {

    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String WAITING = "waits behind an earlier parked event of the same aggregate";

    private final List<String> groups;
    private final EventProcessingConfiguration processing;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;

    public ParkedEvents(ParkedEventGroups groups, EventProcessingConfiguration processing,
                        TransactionManager transactions, JdbcTemplate jdbc) {
        this.groups = groups.names();
        this.processing = processing;
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    /** What became of a retry: sequences that went through, and what is still parked. */
    public record RetryOutcome(String group, int sequencesRetried, int sequencesStillParked, long eventsStillParked,
                               List<String> errors) {
    }

    public List<String> groups() {
        return groups;
    }

    public long count(String group) {
        Long count = jdbc.queryForObject("select count(*) from deadletterentry where processinggroup = ?", Long.class,
                group);
        return count == null ? 0 : count;
    }

    /** Parked events per processing group, every group named (zero included). */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        groups.forEach(group -> counts.put(group, 0L));
        jdbc.query("select processinggroup, count(*) from deadletterentry group by processinggroup",
                (ResultSet row) -> {
                    counts.put(row.getString(1), row.getLong(2));
                });
        return counts;
    }

    /** The parked events of one group (or every group: {@code null}), oldest aggregate first, at most {@code limit}. */
    public List<ParkedEvent> list(String group, int limit) {
        if (group != null) {
            known(group);
        }
        return jdbc.query("""
                        select processinggroup, sequenceidentifier, sequenceindex, eventidentifier, sequencenumber,
                               payloadtype, payload, causemessage, enqueuedat, lasttouched
                        from deadletterentry where processinggroup = any (?)
                        order by processinggroup, sequenceidentifier, sequenceindex limit ?""",
                (row, n) -> parked(row), group == null ? groups.toArray(String[]::new) : new String[]{group}, limit);
    }

    private static ParkedEvent parked(ResultSet row) throws SQLException {
        String type = row.getString("payloadtype");
        String reason = row.getString("causemessage");
        if (UnreadableEvent.class.getName().equals(type)) {
            // our own placeholder: read as a JSON tree, which names no class; the type it shows is quoted already
            try {
                JsonNode unreadable = JSON.readTree(row.getBytes("payload"));
                type = unreadable.path("type").asText(type);
            } catch (IOException e) {
                // the column holds what the serializer wrote; should it not parse, the placeholder's type is shown
            }
        }
        long aggregateSequence = row.getLong("sequencenumber");
        return new ParkedEvent(row.getString("processinggroup"), row.getString("sequenceidentifier"),
                row.getLong("sequenceindex"), row.getString("eventidentifier"),
                row.wasNull() ? null : aggregateSequence, type,
                reason == null ? WAITING : reason, instant(row.getString("enqueuedat")),
                instant(row.getString("lasttouched")));
    }

    private static Instant instant(String stored) {
        return stored == null ? null : DateTimeUtils.parseInstant(stored);
    }

    /**
     * Tries every parked sequence of a group again, oldest first, through the group's own handlers (Axon's
     * {@link SequencedDeadLetterProcessor}): a sequence whose events now go through leaves the queue in order; one that
     * fails again stays, with the new cause.
     */
    public RetryOutcome retry(String group) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(group)
                .orElseThrow(() -> new UnknownGroup(group, groups));
        List<String> heads = jdbc.queryForList("""
                select eventidentifier from deadletterentry d where processinggroup = ? and sequenceindex =
                    (select min(sequenceindex) from deadletterentry s
                     where s.processinggroup = d.processinggroup and s.sequenceidentifier = d.sequenceidentifier)
                order by enqueuedat""", String.class, group);
        int retried = 0;
        List<String> errors = new ArrayList<>();
        for (String head : heads) {
            try {
                if (processor.process(letter -> letter.message().getIdentifier().equals(head))) {
                    retried++;
                }
            } catch (RuntimeException e) {
                // the group's handlers failed in a way that rolled the retry back: the sequence stays as it was
                String why = NestedExceptionUtils.getMostSpecificCause(e).getMessage();
                log.warn("Retrying the parked events of {} from event {} failed: {}", group, head, why);
                errors.add(head + ": " + why);
            }
        }
        long still = count(group);
        return new RetryOutcome(group, retried, heads.size() - retried, still, errors);
    }

    /**
     * Drops one parked event of a group. The events of its aggregate that wait behind it stay parked until retried.
     *
     * @return whether there was such an event
     */
    public boolean drop(String group, String eventId) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        List<String> sequences = jdbc.queryForList("""
                select sequenceidentifier from deadletterentry where processinggroup = ? and eventidentifier = ?""",
                String.class, group, eventId);
        if (sequences.isEmpty()) {
            return false;
        }
        return Boolean.TRUE.equals(transactions.fetchInTransaction(() -> {
            for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(sequences.get(0))) {
                if (letter.message().getIdentifier().equals(eventId)) {
                    queue.evict(letter);
                    return true;
                }
            }
            return false;
        }));
    }

    /** Drops every parked event of a group; returns how many there were. */
    public long dropAll(String group) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        long parked = count(group);
        transactions.executeInTransaction(queue::clear);
        return parked;
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        known(group);
        return processing.deadLetterQueue(group).orElseThrow(() -> new UnknownGroup(group, groups));
    }

    private void known(String group) {
        if (!groups.contains(group)) {
            throw new UnknownGroup(group, groups);
        }
    }

    /** No processing group of that name parks events here. */
    public static class UnknownGroup extends RuntimeException {
        UnknownGroup(String group, List<String> known) {
            super("no processing group " + UntrustedText.quote(group) + ": " + String.join(", ", known));
        }
    }
}
