package io.enclavesuite.console.why;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.enclave.UserId;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The read API's "Why?" answer for one event, as a page shows it: the event, where its chain began (a person, or the
 * suite on its own), the decisions in words, the people, the aggregate's transitions, the related rooms and enclaves,
 * and what the event disclosed to whom.
 *
 * @param humanOrigin whether a person (a Slack user) started the chain, rather than a service or a time limit
 * @param disclosed   null unless the event is a room's that disclosed something
 */
public record Explanation(EventWords.Link aggregate, Step item, Step origin, boolean humanOrigin, List<String> policy,
                   List<String> people, List<Transition> transitions, List<EventWords.Link> related, List<Step> chain,
                   Disclosure disclosed) {

    /**
     * One event of the history.
     *
     * @param way how the command came in, in words ({@link EventWords#way})
     * @param who who acted and how, in words ({@link EventWords#who})
     */
    public record Step(String aggregateId, long sequence, String type, String at, String actor, String channel,
                       String via, String way, String who, EventWords.Link aggregate) {

        static Step of(JsonNode event) {
            String aggregate = event.path("aggregate").asText();
            String actor = text(event, "actor");
            return new Step(aggregate, event.path("sequence").asLong(), EventWords.type(text(event, "type")),
                    text(event, "at"), actor, text(event, "channelId"), text(event, "via"),
                    EventWords.way(text(event, "via")), EventWords.who(actor, text(event, "via")),
                    EventWords.link(aggregate));
        }
    }

    public record Transition(String type, String at) {
    }

    public record Disclosure(String by, String what, List<String> to, String how, String until, String note) {
    }

    static Explanation of(JsonNode why) {
        JsonNode item = why.path("item");
        JsonNode origin = why.path("origin");
        JsonNode disclosed = why.path("disclosed");
        return new Explanation(EventWords.link(item.path("aggregate").asText()), Step.of(item), Step.of(origin),
                UserId.ifUser(origin.path("actor").asText("")).isPresent(), list(why.path("policy"), JsonNode::asText),
                list(why.path("people"), JsonNode::asText),
                list(why.path("transitions"), t -> new Transition(EventWords.type(text(t, "type")), text(t, "at"))),
                list(why.path("related"), r -> EventWords.link(r.asText())), list(why.path("chain"), Step::of),
                disclosed.isObject() ? new Disclosure(text(disclosed, "by"), text(disclosed, "what"),
                        list(disclosed.path("to"), JsonNode::asText), text(disclosed, "how"), text(disclosed, "until"),
                        text(disclosed, "note")) : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> each) {
        List<T> items = new ArrayList<>(array.size());
        array.forEach(node -> items.add(each.apply(node)));
        return List.copyOf(items);
    }
}
