package io.enclavesuite.trust;

import io.enclavesuite.api.enclave.UserId;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whom a principal may name as the actor of its commands. Always itself; beyond that, any Slack user (the Slack
 * gateway, which verified Slack's signature on the request), named people, or anyone (an operator tool on the
 * machine that runs the suite). Who may assert which actor is policy, decided here; the signature only says who
 * is speaking.
 */
public record ActsFor(Scope scope, Set<String> people) {

    public enum Scope {
        /** Only its own id as the actor. */
        SELF,
        /** Any Slack user id: the principal verified the person itself (the Slack gateway). */
        SLACK_USERS,
        /** Anyone: an operator tool. */
        ANYONE;

        static Scope parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("acts-for '" + text + "' is none of self, slack-users, anyone");
            }
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public ActsFor {
        if (scope == null) {
            throw new IllegalArgumentException("acts-for is required");
        }
        people = people == null ? Set.of() : Set.copyOf(new TreeSet<>(people));
    }

    public static ActsFor parse(String scope, Set<String> people) {
        return new ActsFor(scope == null || scope.isBlank() ? Scope.SELF : Scope.parse(scope), people);
    }

    public boolean permits(String principal, String actor) {
        if (actor.equals(principal) || people.contains(actor)) {
            return true;
        }
        return switch (scope) {
            case SELF -> false;
            case SLACK_USERS -> UserId.ifUser(actor).isPresent();
            case ANYONE -> true;
        };
    }

    /** For refusals: what the principal may do instead. */
    public String describe(String principal) {
        String base = switch (scope) {
            case SELF -> "only for itself (" + principal + ")";
            case SLACK_USERS -> "for itself and Slack users";
            case ANYONE -> "for anyone";
        };
        return people.isEmpty() ? base : base + " and " + String.join(", ", people);
    }
}
