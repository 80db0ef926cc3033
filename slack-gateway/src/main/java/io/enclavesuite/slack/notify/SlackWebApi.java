package io.enclavesuite.slack.notify;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.view.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Slack Web API calls the gateway makes, with the bot token. A 429 becomes {@link RateLimited} carrying Slack's
 * Retry-After, so the caller waits exactly that long and tries again; any other refusal is {@link Refused}.
 * Without a bot token no workspace is connected: notices are logged, not sent.
 */
public class SlackWebApi {

    private static final Logger log = LoggerFactory.getLogger(SlackWebApi.class);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    private static final int MEMBERS_PER_PAGE = 200;
    private static final int MAX_MEMBER_PAGES = 100;

    private final MethodsClient methods;

    public SlackWebApi(Slack slack, String botToken) {
        this.methods = botToken == null || botToken.isBlank() ? null : slack.methods(botToken);
    }

    /** False when no bot token is configured: notices are logged instead. */
    public boolean connected() {
        return methods != null;
    }

    public void post(Notice notice) {
        if (methods == null) {
            log.info("No Slack workspace connected (enclave.slack.bot-token is empty); to {}: {}", notice.to(), notice.text());
            return;
        }
        ChatPostMessageResponse response = call(() -> methods.chatPostMessage(r -> r.channel(notice.to())
                .text(notice.text()).blocks(notice.blocks().isEmpty() ? null : notice.blocks())));
        if (!response.isOk()) {
            throw new Refused("chat.postMessage to " + notice.to() + " refused: " + response.getError());
        }
    }

    /** Seen only by {@code user}, in {@code channel}. */
    public void postEphemeral(String channel, String user, Notice notice) {
        if (methods == null) {
            log.info("No Slack workspace connected; to {} in {}: {}", user, channel, notice.text());
            return;
        }
        var response = call(() -> methods.chatPostEphemeral(r -> r.channel(channel).user(user)
                .text(notice.text()).blocks(notice.blocks().isEmpty() ? null : notice.blocks())));
        if (!response.isOk()) {
            throw new Refused("chat.postEphemeral to " + user + " in " + channel + " refused: " + response.getError());
        }
    }

    public void openView(String triggerId, View view) {
        if (methods == null) {
            throw new Refused("no Slack workspace connected: cannot open a view");
        }
        var response = call(() -> methods.viewsOpen(r -> r.triggerId(triggerId).view(view)));
        if (!response.isOk()) {
            throw new Refused("views.open refused: " + response.getError());
        }
    }

    /** The App Home tab {@code user} sees: replaced whole, so publishing the same view again changes nothing. */
    public void publishView(String user, View view) {
        if (methods == null) {
            log.info("No Slack workspace connected; the App Home of {} is not published", user);
            return;
        }
        var response = call(() -> methods.viewsPublish(r -> r.userId(user).view(view)));
        if (!response.isOk()) {
            throw new Refused("views.publish for " + user + " refused: " + response.getError());
        }
    }

    /** A channel as Slack describes it: {@code creator} is who made it, the one Slack calls its owner. */
    public record Channel(String id, String name, String creator) {
    }

    /** {@code conversations.info}: the channel's name and creator. */
    public Channel channel(String channel) {
        requireWorkspace("conversations.info");
        var response = call(() -> methods.conversationsInfo(r -> r.channel(channel)));
        if (!response.isOk() || response.getChannel() == null) {
            throw new Refused("conversations.info of " + channel + " refused: " + response.getError());
        }
        var info = response.getChannel();
        return new Channel(info.getId(), info.getName(), info.getCreator());
    }

    /** {@code conversations.members}, every page of it: the channel's members now (people and bots alike). */
    public List<String> members(String channel) {
        requireWorkspace("conversations.members");
        List<String> members = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_MEMBER_PAGES; page++) {
            String from = cursor;
            var response = call(() -> methods.conversationsMembers(r -> r.channel(channel).limit(MEMBERS_PER_PAGE)
                    .cursor(from)));
            if (!response.isOk()) {
                throw new Refused("conversations.members of " + channel + " refused: " + response.getError());
            }
            if (response.getMembers() != null) {
                members.addAll(response.getMembers());
            }
            cursor = response.getResponseMetadata() == null ? null : response.getResponseMetadata().getNextCursor();
            if (cursor == null || cursor.isBlank()) {
                return members;
            }
        }
        // A partial list would read as people having left: better no answer than a wrong one.
        throw new Refused("conversations.members of " + channel + " has more than " + MAX_MEMBER_PAGES + " pages");
    }

    /** {@code users.info}: whether the user is a bot (or an app) or a deactivated account, not a person to invite. */
    public boolean notAPerson(String user) {
        requireWorkspace("users.info");
        var response = call(() -> methods.usersInfo(r -> r.user(user)));
        if (!response.isOk()) {
            throw new Refused("users.info of " + user + " refused: " + response.getError());
        }
        var who = response.getUser();
        return who != null && (who.isBot() || who.isAppUser() || who.isDeleted());
    }

    private void requireWorkspace(String method) {
        if (methods == null) {
            throw new Refused("no Slack workspace connected (enclave.slack.bot-token is empty): cannot call " + method);
        }
    }

    private interface Call<T> {
        T run() throws IOException, SlackApiException;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (SlackApiException e) {
            if (e.getResponse().code() == 429) {
                throw new RateLimited(retryAfter(e.getResponse().header("Retry-After")));
            }
            throw new Refused("Slack answered HTTP " + e.getResponse().code() + ": " + e.getResponseBody());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Slack: " + e.getMessage(), e);
        }
    }

    static Duration retryAfter(String header) {
        try {
            long seconds = Long.parseLong(header == null ? "" : header.strip());
            return seconds > 0 && seconds <= 3600 ? Duration.ofSeconds(seconds) : DEFAULT_RETRY_AFTER;
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }

    /** Slack asked to wait: try again after {@link #retryAfter()}. */
    public static final class RateLimited extends RuntimeException {
        private final Duration retryAfter;

        RateLimited(Duration retryAfter) {
            super("Slack rate-limited the call: retry after " + retryAfter.toSeconds() + " s");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Slack refused the call for a reason waiting will not fix (channel archived, not in channel, …). */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }
}
