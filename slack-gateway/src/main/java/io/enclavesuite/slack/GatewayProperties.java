package io.enclavesuite.slack;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The gateway's settings ({@code enclave.slack.*}); docs/configuration.md describes each. The defaults are here and
 * nowhere else ({@code slack-gateway.yml} only maps environment variables onto keys), and a setting the gateway
 * cannot start without fails the binding, so it is reported before any bean is built.
 *
 * @param signingSecret the app's signing secret: every request is checked against it
 * @param botToken      the bot token the notifier posts with; empty means no workspace is connected and notices
 *                      are only logged
 * @param webApiUrl     Slack's Web API base ({@code https://slack.com/api/}); tests point it at a local server
 * @param queryUrl      the read side (enclave-query), asked on the user's behalf for info, members, rooms and "Why?"
 * @param coordinationUrl coordination-service, asked for the times of a room's proposals on each participant's
 *                      behalf (only it holds the room keys that open them)
 * @param consoleUrl    where people reach the web console: a resolved room's notice links to its receipt there
 * @param issuerKeyFile the gateway's own token key (EC P-256, PKCS#8 PEM; made owner-only when missing): it signs the
 *                      tokens it asks the read side and coordination-service with, for the Slack user it verified (or
 *                      a participant of the room a notice is about), as the issuer {@code enclave-suite:slack-gateway};
 *                      they trust it with the public half ({@code enclave.api.auth.service-issuers.slack-gateway})
 * @param tokenKeyFile  no longer read: the gateway signed with the read side's local key; set, it stops the start
 *                      saying what to set instead
 * @param principal     the principal the gateway's commands are signed as; the write services' registry lets it act
 *                      for the Slack users it verified
 * @param principalKeyFile the principal's Ed25519 private key (PKCS#8 PEM)
 * @param commands      the slash command names, as configured in the Slack app
 * @param replyPatience how long an answer may still go to a request's response_url (Slack honours it 30 minutes)
 * @param publishTimeout how long a command may wait for Kafka before the person is told nothing was sent
 * @param noticeMaxAge  an event older than this when read is not announced: no flood of old news after a first
 *                      start or a long outage
 * @param consumerGroup the gateway's consumer groups are {@code <topic-prefix><consumerGroup>-results} and
 *                      {@code -events}
 * @param signIn        Sign in with Slack (OpenID Connect), by which a person who joined the channel becomes a member
 * @param memberDriftInterval how often each live enclave's members are compared with its channel's members in Slack,
 *                      and those no longer in the channel removed (members who left while the gateway was down)
 * @param driftNoticeInterval at most one notice of the reconciler's drift per enclave in this window: the first at
 *                      once, what follows within it in one summary after it
 */
@ConfigurationProperties(prefix = "enclave.slack")
public record GatewayProperties(String signingSecret,
                                @DefaultValue("") String botToken,
                                @DefaultValue("https://slack.com/api/") URI webApiUrl,
                                @DefaultValue("http://localhost:8080") URI queryUrl,
                                @DefaultValue("http://localhost:8082") URI coordinationUrl,
                                @DefaultValue("http://localhost:8086") URI consoleUrl,
                                @DefaultValue(".enclave-data/slack-gateway/token-key.pem") Path issuerKeyFile,
                                Path tokenKeyFile,
                                @DefaultValue("slack-gateway") String principal,
                                Path principalKeyFile,
                                @DefaultValue CommandNames commands,
                                @DefaultValue("PT30M") Duration replyPatience,
                                @DefaultValue("PT10S") Duration publishTimeout,
                                @DefaultValue("PT15M") Duration noticeMaxAge,
                                @DefaultValue("slack-gateway") String consumerGroup,
                                @DefaultValue SignIn signIn,
                                @DefaultValue("PT10M") Duration memberDriftInterval,
                                @DefaultValue("PT10M") Duration driftNoticeInterval) {

    public GatewayProperties {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("enclave.slack.signing-secret is required (the Slack app's signing "
                    + "secret; SLACK_SIGNING_SECRET)");
        }
        if (tokenKeyFile != null) {
            throw new IllegalArgumentException("enclave.slack.token-key-file is no longer read: the gateway signs its "
                    + "tokens with a key of its own, enclave.slack.issuer-key-file (default "
                    + ".enclave-data/slack-gateway/token-key.pem), whose public half the read side and the write "
                    + "services trust as enclave.api.auth.service-issuers.slack-gateway (docs/security.md)");
        }
        if (memberDriftInterval.isNegative() || memberDriftInterval.isZero()) {
            throw new IllegalArgumentException("enclave.slack.member-drift-interval must be positive, not "
                    + memberDriftInterval);
        }
        if (driftNoticeInterval.isNegative() || driftNoticeInterval.isZero()) {
            throw new IllegalArgumentException("enclave.slack.drift-notice-interval must be positive, not "
                    + driftNoticeInterval);
        }
        if (principalKeyFile == null) {
            throw new IllegalArgumentException("enclave.slack.principal-key-file is required: the Ed25519 key the gateway "
                    + "signs its commands with, whose public half the write services' enclave.principals lists");
        }
    }

    /** A consumer group of the gateway's: {@code <topic-prefix><consumer-group>-<purpose>}. */
    public String consumerGroup(String topicPrefix, String purpose) {
        return topicPrefix + consumerGroup + "-" + purpose;
    }

    /** The console's receipts page; {@code #<room or enclave>} scrolls to that one's receipt. */
    public URI receiptsPage() {
        String base = consoleUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/receipts");
    }

    public boolean workspaceConnected() {
        return !botToken.isBlank();
    }

    /**
     * @param clientId     the Slack app's client id; empty: no OpenID Connect, and the prompt's button signs the
     *                     person in by their (signed) click instead
     * @param clientSecret the Slack app's client secret; required with a client id
     * @param publicUrl    where browsers reach this gateway: the redirect URI is {@code <publicUrl>/slack/sign-in/callback}
     * @param tokenUrl     Slack's token endpoint; unset, the Web API method {@code openid.connect.token} under
     *                     {@code web-api-url}
     * @param teamId       when set, only people of this workspace may sign in
     */
    public record SignIn(@DefaultValue("") String clientId,
                         @DefaultValue("") String clientSecret,
                         @DefaultValue("http://localhost:8084") URI publicUrl,
                         @DefaultValue("https://slack.com/openid/connect/authorize") URI authorizeUrl,
                         URI tokenUrl,
                         @DefaultValue("https://slack.com/openid/connect/keys") URI keysUrl,
                         @DefaultValue("https://slack.com") String issuer,
                         @DefaultValue("") String teamId) {

        public SignIn {
            if (!clientId.isBlank() && clientSecret.isBlank()) {
                throw new IllegalArgumentException("enclave.slack.sign-in.client-secret is required with "
                        + "enclave.slack.sign-in.client-id: Slack's token endpoint takes the code only with both");
            }
        }

        public boolean enabled() {
            return !clientId.isBlank();
        }

        /** Slack's token endpoint: {@code token-url}, or the Web API method under {@code webApiUrl}. */
        public URI tokenEndpoint(URI webApiUrl) {
            if (tokenUrl != null) {
                return tokenUrl;
            }
            String base = webApiUrl.toString();
            return URI.create((base.endsWith("/") ? base : base + "/") + "openid.connect.token");
        }

        public URI redirectUri() {
            String base = publicUrl.toString();
            return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/slack/sign-in/callback");
        }
    }

    public record CommandNames(@DefaultValue("/enclave") String enclave,
                               @DefaultValue("/meet") String meet,
                               @DefaultValue("/why") String why) {
    }
}
