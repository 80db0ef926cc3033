package io.enclavesuite.slack.channel;

import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.notify.DriftNotices;
import io.enclavesuite.slack.notify.Notice;
import io.enclavesuite.slack.notify.Notices;
import io.enclavesuite.slack.notify.SlackWebApi;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads both event topics once: first keeps the {@link ChannelDirectory} current, then tells Slack what people need
 * to hear. A notice is recorded as sent only after Slack took it, so a redelivered record sends only what is
 * missing; a rate limit propagates, and the container retries the record after Slack's Retry-After.
 */
public class EventFeed {

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

    private final ChannelDirectory directory;
    private final Notices notices;
    private final SlackWebApi slack;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration maxAge;
    private final io.enclavesuite.slack.GatewayMetrics metrics;
    private final String groupId;
    private final Invitations invitations;
    private final DriftNotices drift;

    EventFeed(ChannelDirectory directory, Notices notices, SlackWebApi slack, JdbcTemplate jdbc, Clock clock,
              Duration maxAge, io.enclavesuite.slack.GatewayMetrics metrics, String groupId, Invitations invitations,
              DriftNotices drift) {
        this.invitations = invitations;
        this.drift = drift;
        this.metrics = metrics;
        this.groupId = groupId;
        this.directory = directory;
        this.notices = notices;
        this.slack = slack;
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    @KafkaListener(id = "slack-gateway-events",
            topics = {"#{@topicNames.enclaveEvents()}", "#{@topicNames.coordinationEvents()}"},
            groupId = "#{__listener.groupId()}",
            properties = {"value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"})
    public void on(ConsumerRecord<String, byte[]> record) {
        EventRecord event = EventRecord.of(record);
        if (event.type() == null) {
            return;
        }
        remember(event);
        if (Instant.ofEpochMilli(record.timestamp()).isBefore(clock.instant().minus(maxAge))) {
            return; // the directory learns from old events; people are not told old news
        }
        for (Notice notice : notices.of(event)) {
            if (event.messageId() != null && sent(event.messageId(), notice.to())) {
                continue;
            }
            try {
                slack.post(notice);
                metrics.notice(slack.connected() ? "sent" : "logged");
            } catch (SlackWebApi.RateLimited limited) {
                metrics.notice("rate_limited");
                throw limited;
            } catch (SlackWebApi.Refused refused) {
                metrics.notice("refused");
                // Waiting will not help (the channel is archived, the bot is not in it): the others still go out.
                log.warn("Notice of {} not delivered: {}", event.type(), refused.getMessage());
            }
            if (event.messageId() != null) {
                jdbc.update("insert into sent_notice (message_id, recipient) values (?, ?) on conflict do nothing",
                        event.messageId(), notice.to());
            }
        }
        drift.on(event); // rate-limited per enclave, so told apart from the notices above
        // after the channel heard the enclave is ready: everyone already in it is asked to sign in
        event.as(EnclaveActivated.class).ifPresent(e -> invitations.enclaveActivated(e.enclaveId().value()));
    }

    /** The consumer group the listener joins: {@code <topic-prefix><consumer-group>-events}. */
    public String groupId() {
        return groupId;
    }

    private void remember(EventRecord event) {
        event.as(EnclaveProvisioningStarted.class).ifPresent(e -> directory.bind(e.channel().id().value(),
                e.enclaveId().value(), e.channel().name(), e.owner().value()));
        // a failed provisioning frees the channel: /enclave provision may be sent again
        event.as(EnclaveProvisioningFailed.class).ifPresent(e -> directory.release(e.enclaveId().value()));
        String position = event.sequence() != null ? String.valueOf(event.sequence())
                : event.messageId() != null ? event.messageId() : "unknown";
        event.as(MemberRegistered.class).ifPresent(e -> directory.registered(e.enclaveId().value(), e.member().value(),
                position));
        event.as(MemberRemoved.class).ifPresent(e -> directory.removed(e.enclaveId().value(), e.member().value()));
        event.as(EnclaveOwnershipTransferred.class).ifPresent(e -> directory.ownershipTransferred(e.enclaveId().value(),
                e.previousOwner().value(), e.newOwner().value(), position));
        event.as(ChannelRenamed.class).ifPresent(e -> directory.rename(e.enclaveId().value(), e.name()));
        event.as(EnclaveDeprovisioned.class).ifPresent(e -> {
            directory.release(e.enclaveId().value());
            directory.forgetMembers(e.enclaveId().value());
        });
        event.as(CoordinationCreated.class).ifPresent(e -> {
            List<String> people = new ArrayList<>();
            people.add(e.initiator().value());
            e.participants().stream().map(UserId::value).forEach(people::add);
            directory.openRoom(e.coordinationId().value(), e.purpose().text(), e.initiator().value(), people,
                    e.roomKey() == null ? null : e.roomKey().value());
        });
    }

    private boolean sent(String messageId, String recipient) {
        return !jdbc.queryForList("select 1 from sent_notice where message_id = ? and recipient = ?", Integer.class,
                messageId, recipient).isEmpty();
    }
}
