package io.enclavesuite.console.why;

import io.enclavesuite.api.coordination.CoordinationId;

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
            case "saga" -> "by the suite, following on from what came before";
            case "deadline" -> "by the suite, when a time limit came";
            default -> via.startsWith(KAFKA) ? "through " + via.substring(KAFKA.length()) + " (a signed command)"
                    : "through " + via;
        };
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

    /** An enclave or room as a link to its page. */
    public static Link link(String aggregate) {
        return isRoom(aggregate) ? new Link("room " + aggregate, "/rooms/" + aggregate)
                : new Link("enclave " + aggregate, "/enclaves/" + aggregate);
    }

    /**
     * A link for a template.
     *
     * @param href a path inside the console
     */
    public record Link(String label, String href) {
    }
}
