package io.enclavesuite.slack.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.slack.outbox.PendingReplies.FollowUp;
import io.enclavesuite.slack.outbox.PendingReplies.Pending;
import io.enclavesuite.trust.SealedAnswers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

/**
 * Reads every command result and answers the ones the gateway is waiting for, through the request's response_url.
 * The pending row is taken first, so an answer goes at most once; a response_url that cannot be reached is given up
 * at once rather than holding up the results behind it on the partition — the outcome stays visible in the channel
 * and through {@code /enclave info}.
 */
public class CommandResults {

    private static final Logger log = LoggerFactory.getLogger(CommandResults.class);
    public static final String CONFIRM_DEPROVISION = "confirm_deprovision";

    private final PendingReplies pending;
    private final Replies replies;
    private final io.enclavesuite.slack.notify.SlackWebApi slack;
    private final Clock clock;
    private final Duration patience;
    private final SealedAnswers.ReplyKey replyKey;
    private final String groupId;
    private final ObjectMapper json = EnclaveJson.mapper();
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, String>> DETAILS =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    public CommandResults(PendingReplies pending, Replies replies, io.enclavesuite.slack.notify.SlackWebApi slack,
                          SealedAnswers.ReplyKey replyKey, Clock clock, Duration patience, String groupId) {
        this.pending = pending;
        this.groupId = groupId;
        this.replyKey = replyKey;
        this.replies = replies;
        this.slack = slack;
        this.clock = clock;
        this.patience = patience;
    }

    @KafkaListener(id = "slack-gateway-results", topics = "#{@topicNames.commandResults()}",
            groupId = "#{__listener.groupId()}")
    public void on(ConsumerRecord<String, String> record) {
        UUID commandId;
        try {
            commandId = UUID.fromString(record.key());
        } catch (IllegalArgumentException | NullPointerException e) {
            return; // not a result of anyone's envelope: nothing of ours
        }
        pending.take(commandId).ifPresent(waiting -> {
            try {
                answer(waiting, record.value());
            } catch (RuntimeException e) {
                log.warn("The answer to command {} of {} was not delivered: {}", commandId, waiting.userId(), e.getMessage());
            }
        });
    }

    /** Through the response_url, or as a direct message when the request came from a modal (which has none). */
    private void tell(Pending waiting, String text, List<com.slack.api.model.block.LayoutBlock> blocks) {
        if (waiting.responseUrl() == null) {
            slack.post(new io.enclavesuite.slack.notify.Notice(waiting.userId(), text, blocks));
        } else {
            replies.ephemeral(waiting.responseUrl(), text, blocks);
        }
    }

    private void answer(Pending waiting, String value) {
        CommandResult result;
        try {
            result = json.readValue(value, CommandResult.class);
        } catch (java.io.IOException e) {
            log.warn("Unreadable result for command {}: {}", waiting.commandId(), e.getMessage());
            tell(waiting, ":x: The answer to your request could not be read; try again.", List.of());
            return;
        }
        if (!result.accepted()) {
            tell(waiting, ":x: " + result.reason(), List.of());
        } else if (waiting.follow() == FollowUp.CONFIRM_DEPROVISION && result.sealedDetails() != null) {
            Map<String, String> details;
            try {
                details = json.readValue(replyKey.open(result.sealedDetails(), result.commandId()), DETAILS);
            } catch (IllegalArgumentException | java.io.IOException e) {
                // sealed to the key of a gateway process that has since restarted: the code is gone for good
                tell(waiting, ":x: The confirmation code for *" + waiting.subject() + "* could not be shown (the "
                        + "gateway restarted meanwhile). Ask again to get a new one.", List.of());
                return;
            }
            String code = details.get("confirmationCode");
            String text = "Deprovisioning *" + waiting.subject() + "* removes its namespace, workloads, database and "
                    + "bucket for good. Confirm before " + details.getOrDefault("expiresAt", "the code expires") + ".";
            tell(waiting, text, List.of(
                    section(s -> s.text(markdownText(text))),
                    actions(a -> a.elements(List.of(button(b -> b.actionId(CONFIRM_DEPROVISION).style("danger")
                            .text(plainText("Deprovision " + waiting.subject()))
                            .value(waiting.subject() + " " + code)))))));
        } else {
            tell(waiting, ":white_check_mark: Done: " + waiting.subject()
                    + ". I'll post here when something changes.", List.of());
        }
    }

    /** The consumer group the listener joins: {@code <topic-prefix><consumer-group>-results}. */
    public String groupId() {
        return groupId;
    }

    @Scheduled(fixedDelayString = "PT1M")
    public void expire() {
        int forgotten = pending.expire(clock.instant().minus(patience));
        if (forgotten > 0) {
            log.info("Forgot {} request(s) whose answer did not arrive within {}", forgotten, patience);
        }
    }
}
