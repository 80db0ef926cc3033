package io.enclavesuite.slack.home;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.AppHomeOpenedEvent;
import io.enclavesuite.slack.home.HomeView.Answer;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.readside.ReadSide;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Publishes a person's App Home when they open it ({@code app_home_opened}): acknowledged at once, then read from the
 * read side as that person (so they see what the API would show them) and published with {@code views.publish}.
 * A read side that cannot answer makes the Home say so, never leaves it stale without a word.
 */
public class AppHome {

    private static final Logger log = LoggerFactory.getLogger(AppHome.class);

    private final ReadSide readSide;
    private final SlackWebApi slack;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final URI receiptsLink;

    /** @param receiptsLink the console's receipts page, as the "resolved" notice links it; {@code #<room>} picks one */
    public AppHome(ReadSide readSide, SlackWebApi slack, Dispatcher dispatcher, Clock clock, URI receiptsLink) {
        this.readSide = readSide;
        this.slack = slack;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.receiptsLink = receiptsLink;
    }

    public Response opened(EventsApiPayload<AppHomeOpenedEvent> payload, EventContext context) {
        AppHomeOpenedEvent event = payload.getEvent();
        // the Messages tab opens the same event; only the Home tab is ours to draw
        if (event.getTab() != null && !"home".equals(event.getTab())) {
            return context.ack();
        }
        String user = event.getUser();
        dispatcher.later(null, () -> publish(user));
        return context.ack();
    }

    /** Reads the three parts as {@code user} and publishes their Home. */
    public void publish(String user) {
        Answer feed = ask("feed", () -> readSide.coordinationFeed(user));
        Answer enclaves = ask("enclaves", () -> readSide.enclaves(user));
        Answer receipts = ask("receipts", () -> readSide.receipts(user));
        slack.publishView(user, HomeView.of(feed, enclaves, receipts, clock.instant(), receiptsLink));
    }

    private static Answer ask(String part, Supplier<Optional<JsonNode>> read) {
        try {
            // 404: nothing of theirs to show, which is not the same as the read side not answering
            return new Answer(read.get().orElseGet(JsonNodeFactory.instance::arrayNode));
        } catch (RuntimeException e) {
            log.warn("The App Home's {} could not be read: {}", part, e.toString());
            return Answer.UNAVAILABLE;
        }
    }
}
