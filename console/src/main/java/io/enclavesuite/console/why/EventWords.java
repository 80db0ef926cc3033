package io.enclavesuite.console.why;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.enclave.UserId;

/**
 * The history's terms said for people: an event type in words, the way a command came in, and where an aggregate's
 * own page is — shared by "Why?" and the Activity feed so both say the same thing.
 */
public final class EventWords {

    private static final String KAFKA = "kafka:";

    private EventWords() {
    }

    /** {@code ParticipationAuthorized} → "Participation authorized". */
    public static String type(String type) {
        if (type == null || type.isBlank()) {
            return "An event";
        }
        StringBuilder words = new StringBuilder(type.length() + 8);
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                words.append(' ').append(Character.toLowerCase(c));
            } else {
                words.append(c);
            }
        }
        return words.toString();
    }

    /** How a command reached the suite, from the event's {@code via}: a Kafka envelope's signer, a saga, a deadline. */
    public static String way(String via) {
        if (via == null || via.isBlank()) {
            return "by the suite";
        }
        return switch (via) {
            case "kafka:slack-gateway" -> "in Slack";
            case "kafka:console" -> "in the web console";
            case MetadataKeys.VIA_SAGA -> "by the suite, following on from what came before";
            case MetadataKeys.VIA_DEADLINE -> "by the suite, when a time limit came";
            default -> via.startsWith(KAFKA) ? "through " + via.substring(KAFKA.length()) + " (a signed command)"
                    : "through " + via;
        };
    }

    /**
     * Who acted and how, as one phrase: "U0CAROL in Slack"; for what a saga did, whose request it followed on from
     * (a saga's events carry the actor of the command that set it off).
     */
    public static String who(String actor, String via) {
        if (MetadataKeys.VIA_SAGA.equals(via)) {
            return actor == null ? way(via) : "by the suite, following on from " + actor + "'s request";
        }
        if (actor == null || MetadataKeys.VIA_DEADLINE.equals(via)) {
            return way(via);
        }
        return actor + " " + way(via);
    }

    /** Whether an aggregate id is a room's ({@code room-<uuid>}); anything else is an enclave's name. */
    public static boolean isRoom(String aggregate) {
        try {
            CoordinationId.of(aggregate);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * An enclave, a room or an agent policy as a link to its page. A policy's history is its owner's alone, so the
     * one a person reads is their own: the autonomy page.
     */
    public static Link link(String aggregate) {
        if (isRoom(aggregate)) {
            return new Link("room " + aggregate, "/rooms/" + aggregate);
        }
        if (UserId.ifUser(aggregate).isPresent()) {
            return new Link("agent policy of " + aggregate, "/autonomy");
        }
        return new Link("enclave " + aggregate, "/enclaves/" + aggregate);
    }

    /**
     * A link for a template.
     *
     * @param href a path inside the console
     */
    public record Link(String label, String href) {
    }
}
