package io.enclavesuite.slack.verification;

import com.slack.api.bolt.request.Request;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The command id of what a Slack request asks, derived from the request's own Slack signature (which covers its
 * timestamp and body, and which {@link SignedRequestFilter} verified before the request got here). A captured request
 * replayed inside Slack's five-minute window carries the same signature, so it names the same command and the write
 * side answers it with the first result instead of doing it again; two different requests never share an id.
 */
public final class SlackRequestIds {

    private SlackRequestIds() {
    }

    public static UUID commandId(Request<?> request) {
        return derived(request, "command");
    }

    /** Anything else a request names that must come out the same on a replay (a new room's id, say). */
    public static UUID derived(Request<?> request, String purpose) {
        String signature = request.getHeaders().getFirstValue(SlackRequestVerifier.SIGNATURE_HEADER);
        if (signature == null || signature.isBlank()) {
            // the filter lets no unsigned request through: reaching here without one is a wiring mistake
            throw new IllegalStateException("a Slack request without its " + SlackRequestVerifier.SIGNATURE_HEADER
                    + " header reached a handler");
        }
        return UUID.nameUUIDFromBytes(("slack-request:" + purpose + ":" + signature).getBytes(StandardCharsets.UTF_8));
    }
}
