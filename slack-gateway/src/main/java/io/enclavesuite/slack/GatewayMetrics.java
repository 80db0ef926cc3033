package io.enclavesuite.slack;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * What the gateway counts, with tags from fixed sets only (never a user, channel or error text):
 * {@code enclave_slack_requests_total{outcome=verified|refused, reason}}, {@code enclave_slack_commands_total{type,
 * outcome=published|failed}} and {@code enclave_slack_notices_total{outcome=sent|refused|rate_limited|logged}}.
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

    /** @param type a public command type (the gateway sends no other) */
    public void command(String type, boolean published) {
        Counter.builder("enclave.slack.commands").description("Commands the gateway put on Kafka, or could not")
                .tag("type", type).tag("outcome", published ? "published" : "failed")
                .register(registry).increment();
    }

    public void notice(String outcome) {
        Counter.builder("enclave.slack.notices").description("Messages the notifier sent to Slack, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }
}
