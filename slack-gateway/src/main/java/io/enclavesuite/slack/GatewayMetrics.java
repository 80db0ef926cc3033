package io.enclavesuite.slack;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * What the gateway counts, with tags from fixed sets only (never a user, channel or error text):
 * {@code enclave_slack_requests_total{outcome=verified|refused, reason}}, {@code enclave_slack_commands_total{type,
 * outcome=published|failed|given_up|refused}}, {@code enclave_slack_notices_total{outcome=sent|refused|rate_limited|logged}},
 * and the command outbox's gauges {@code enclave_slack_outbox_depth} and {@code enclave_slack_outbox_oldest_age_seconds}.
 */
@Component
public class GatewayMetrics {

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param reason a {@link io.enclavesuite.slack.verification.RejectionReason} name, or {@code none} */
    public void request(boolean verified, String reason) {
        Counter.builder("enclave.slack.requests").description("Requests to /slack/events, by signature check outcome")
                .tag("outcome", verified ? "verified" : "refused").tag("reason", reason)
                .register(registry).increment();
    }

    /** What became of one publish of an acknowledged command. */
    public enum CommandOutcome {
        /** Kafka acknowledged it; its outbox row is gone. */
        PUBLISHED,
        /** One publish failed; the row stays and is tried again. */
        FAILED,
        /** Still failing after give-up-after: the row is dropped and the person told it was not sent. */
        GIVEN_UP,
        /** The row does not carry the gateway's seal: dropped unpublished. */
        REFUSED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @param type a public command type (the gateway sends no other), or {@code unverified} for a refused row */
    public void command(String type, CommandOutcome outcome) {
        Counter.builder("enclave.slack.commands").description("Publishes of the commands the gateway acknowledged, by outcome")
                .tag("type", type).tag("outcome", outcome.tag())
                .register(registry).increment();
    }

    /**
     * The command outbox, as its relay last looked (every sweep): rows waiting to be published, and the age of the
     * oldest in seconds (0 when none).
     */
    public void outbox(Supplier<Number> depth, Supplier<Number> oldestAgeSeconds) {
        Gauge.builder("enclave.slack.outbox.depth", depth)
                .description("Acknowledged commands not yet published to Kafka").register(registry);
        Gauge.builder("enclave.slack.outbox.oldest.age", oldestAgeSeconds).baseUnit("seconds")
                .description("How long the oldest unpublished command has waited").register(registry);
    }

    public void notice(String outcome) {
        Counter.builder("enclave.slack.notices").description("Messages the notifier sent to Slack, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }
}
