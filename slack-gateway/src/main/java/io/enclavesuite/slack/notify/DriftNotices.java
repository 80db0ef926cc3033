package io.enclavesuite.slack.notify;

import io.enclavesuite.api.enclave.DriftDetected;
import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.slack.GatewayMetrics;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.channel.EventRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

/**
 * The reconciler's drift ({@link DriftRepaired}, {@link DriftDetected}) told to the enclave's channel, at most once
 * per enclave and {@code interval}: someone fighting the suite with a script would otherwise have the channel read
 * one message per object and pass. The first drift after a quiet window is told at once; drift within the window is
 * held ({@code drift_pending}) and told in one summary once the window has passed ({@link #flush}). The window runs
 * on the events' own times, so a backlog read late is not announced in a burst; the summaries run on the gateway's
 * clock. What someone typed into the cluster (a field manager's name, the API server's refusal) is shown as typed,
 * never as Slack markup.
 */
public class DriftNotices {

    /** A posture finding's change (enclave-command's EnclavePosture). */
    private static final String POSTURE = "posture: ";

    private static final Logger log = LoggerFactory.getLogger(DriftNotices.class);
    /** A summary lists this many objects; the enclave's history lists them all. */
    static final int SUMMARY_LINES = 10;

    private final ChannelDirectory directory;
    private final SlackWebApi slack;
    private final JdbcTemplate jdbc;
    private final GatewayMetrics metrics;
    private final Duration interval;

    public DriftNotices(ChannelDirectory directory, SlackWebApi slack, JdbcTemplate jdbc, GatewayMetrics metrics,
                        Duration interval) {
        this.directory = directory;
        this.slack = slack;
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.interval = interval;
    }

    /** One drift: told now if the enclave's window is open, else held for the summary. Other events are passed. */
    public synchronized void on(EventRecord event) {
        Optional<Drift> drift = event.as(DriftRepaired.class)
                .map(e -> new Drift(e.enclaveId().value(), e.at(), repaired(e)))
                .or(() -> event.as(DriftDetected.class).map(e -> new Drift(e.enclaveId().value(), e.at(), detected(e))));
        if (drift.isEmpty()) {
            return;
        }
        Optional<String> channel = channelOf(drift.get().enclave());
        String key = event.messageId() != null ? event.messageId()
                : event.aggregateId() + "#" + event.sequence();
        if (channel.isEmpty() || alreadyTold(key, channel.get())) {
            return;
        }
        Instant at = drift.get().at();
        Instant last = lastSent(drift.get().enclave());
        if (last != null && at.isBefore(last.plus(interval))) {
            jdbc.update("insert into drift_pending (message_id, enclave, sequence, line, at) values (?, ?, ?, ?, ?) "
                    + "on conflict do nothing", key, drift.get().enclave(), event.sequence(), drift.get().line(),
                    Timestamp.from(at));
            return;
        }
        List<Pending> held = pending(drift.get().enclave());
        List<String> lines = new ArrayList<>(held.stream().map(Pending::line).toList());
        lines.add(drift.get().line());
        post(channel.get(), drift.get().enclave(), lines, event.aggregateId() + " " + orZero(event.sequence()));
        told(drift.get().enclave(), at, held);
        jdbc.update("insert into sent_notice (message_id, recipient) values (?, ?) on conflict do nothing", key,
                channel.get());
    }

    /** A summary for each enclave whose window has passed with drift held back in it. */
    public synchronized void flush(Instant now) {
        List<String> enclaves = jdbc.queryForList("select distinct enclave from drift_pending", String.class);
        for (String enclave : enclaves) {
            Instant last = lastSent(enclave);
            if (last != null && now.isBefore(last.plus(interval))) {
                continue;
            }
            List<Pending> held = pending(enclave);
            Optional<String> channel = channelOf(enclave);
            if (channel.isPresent() && !held.isEmpty()) {
                Pending newest = held.get(held.size() - 1);
                try {
                    post(channel.get(), enclave, held.stream().map(Pending::line).toList(),
                            enclave + " " + orZero(newest.sequence()));
                } catch (SlackWebApi.RateLimited limited) {
                    return; // held as they are: the next flush tries again
                }
            }
            told(enclave, now, held);
        }
    }

    /** How many drifts of the enclave are held for its next summary. */
    public int pendingOf(String enclave) {
        Integer count = jdbc.queryForObject("select count(*) from drift_pending where enclave = ?", Integer.class,
                enclave);
        return count == null ? 0 : count;
    }

    private void post(String channel, String enclave, List<String> lines, String why) {
        String text;
        if (lines.size() == 1) {
            text = ":hammer_and_wrench: Enclave *" + enclave + "* drifted from its history: " + lines.get(0) + ".";
        } else {
            StringBuilder summary = new StringBuilder(":hammer_and_wrench: Enclave *" + enclave + "* drifted from its "
                    + "history " + lines.size() + " times since its last drift notice:");
            lines.stream().limit(SUMMARY_LINES).forEach(line -> summary.append("\n• ").append(line));
            if (lines.size() > SUMMARY_LINES) {
                summary.append("\n• … and ").append(lines.size() - SUMMARY_LINES)
                        .append(" more: the enclave's history lists them all");
            }
            text = summary.toString();
        }
        Notice notice = new Notice(channel, text, List.of(section(s -> s.text(markdownText(text))),
                actions(a -> a.elements(List.of(button(b -> b.actionId(Notices.WHY).text(plainText("Why?"))
                        .value(why)))))));
        try {
            slack.post(notice);
            metrics.notice(slack.connected() ? "sent" : "logged");
        } catch (SlackWebApi.RateLimited limited) {
            metrics.notice("rate_limited");
            throw limited;
        } catch (SlackWebApi.Refused refused) {
            metrics.notice("refused");
            // waiting will not help (the channel is archived, the bot is not in it): the drift stays in the history
            log.warn("Drift notice of enclave {} not delivered: {}", enclave, refused.getMessage());
        }
    }

    private void told(String enclave, Instant at, List<Pending> held) {
        jdbc.update("insert into drift_notice (enclave, last_sent_at) values (?, ?) on conflict (enclave) "
                + "do update set last_sent_at = excluded.last_sent_at", enclave, Timestamp.from(at));
        for (Pending pending : held) {
            jdbc.update("delete from drift_pending where message_id = ?", pending.messageId());
        }
    }

    private Optional<String> channelOf(String enclave) {
        return directory.bindingOf(enclave).filter(binding -> !binding.released())
                .map(ChannelDirectory.Binding::channelId);
    }

    private boolean alreadyTold(String key, String channel) {
        return !jdbc.queryForList("select 1 from sent_notice where message_id = ? and recipient = ? union all "
                + "select 1 from drift_pending where message_id = ?", Integer.class, key, channel, key).isEmpty();
    }

    private Instant lastSent(String enclave) {
        return jdbc.query("select last_sent_at from drift_notice where enclave = ?",
                (rs, row) -> rs.getTimestamp(1).toInstant(), enclave).stream().findFirst().orElse(null);
    }

    private List<Pending> pending(String enclave) {
        return jdbc.query("select message_id, sequence, line from drift_pending where enclave = ? order by at, sequence",
                (rs, row) -> new Pending(rs.getString(1), (Long) rs.getObject(2), rs.getString(3)), enclave);
    }

    /** {@code NetworkPolicy `default-deny` was deleted by someone the API server does not name: put back}. */
    static String repaired(DriftRepaired drift) {
        String object = object(drift.kind(), drift.name());
        String who = who(drift.changedBy());
        String change = drift.change();
        if ("missing".equals(change)) {
            return object + " was deleted by " + who + ": put back";
        }
        if ("unexpected".equals(change)) {
            return object + " was added with the enclave's labels by " + who + ": removed";
        }
        return object + " was changed by " + who + " (" + diff(change) + ", found → restored): put back";
    }

    /** {@code :warning: ResourceQuota `enclave-quota` was changed by kubectl-edit (…): *not* put back, …}. */
    static String detected(DriftDetected drift) {
        String object = object(drift.kind(), drift.name());
        String who = who(drift.changedBy());
        if (drift.change().startsWith(POSTURE)) { // a RoleBinding the suite did not make: someone else's to remove
            return ":warning: " + object + ", added by " + who + ", " + Notices.verbatim(
                    drift.change().substring(POSTURE.length())) + ": left in place, it is not the suite's to remove";
        }
        String what = switch (drift.change()) {
            case "missing" -> " was deleted by " + who;
            case "unexpected" -> " was added with the enclave's labels by " + who;
            default -> " was changed by " + who + " (" + diff(drift.change()) + ", found → wanted)";
        };
        return ":warning: " + object + what + ": *not* put back, the API server refused (" + Notices.verbatim(
                drift.refusal()) + ")";
    }

    private static String object(String kind, String name) {
        return Notices.verbatim(kind) + " `" + Notices.verbatim(name) + "`";
    }

    private static String who(String changedBy) {
        return changedBy == null ? "someone the API server does not name" : Notices.verbatim(changedBy);
    }

    /** {@code changed: spec.hard.pods 99→20} → {@code spec.hard.pods 99→20}. */
    private static String diff(String change) {
        return Notices.verbatim(change.startsWith("changed: ") ? change.substring("changed: ".length()) : change);
    }

    private static long orZero(Long sequence) {
        return sequence == null ? 0 : sequence;
    }

    private record Drift(String enclave, Instant at, String line) {
    }

    private record Pending(String messageId, Long sequence, String line) {
    }
}
