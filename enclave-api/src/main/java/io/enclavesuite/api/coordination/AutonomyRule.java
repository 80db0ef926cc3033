package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of a person's agent policy: when it matches an invitation, their agent joins without asking them, and
 * the room records that this rule decided.
 *
 * @param people          for {@link RuleKind#FROM_PEOPLE}: whose invitations it accepts
 * @param purposeContains for {@link RuleKind#PURPOSE_CONTAINS}: the text to look for
 */
public record AutonomyRule(String ruleId, RuleKind kind, List<UserId> people, String purposeContains) {

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    public static final int MAX_PEOPLE = 100;
    public static final int MAX_TEXT = 100;

    public AutonomyRule {
        if (ruleId == null || !RULE_ID.matcher(ruleId).matches()) {
            throw new IllegalArgumentException("rule id '" + ruleId
                    + "' must be 1 to 40 lower-case letters, digits or '-'");
        }
        Objects.requireNonNull(kind, "kind is required");
        people = people == null ? List.of() : List.copyOf(people);
        switch (kind) {
            case FROM_PEOPLE -> {
                if (people.isEmpty() || people.size() > MAX_PEOPLE) {
                    throw new IllegalArgumentException("a from-people rule names 1 to " + MAX_PEOPLE + " people");
                }
            }
            case PURPOSE_CONTAINS -> {
                if (purposeContains == null || purposeContains.isBlank() || purposeContains.length() > MAX_TEXT) {
                    throw new IllegalArgumentException("a purpose-contains rule names 1 to " + MAX_TEXT
                            + " characters to look for");
                }
            }
            case MEMBERS_OF_MY_ENCLAVES -> {
                // looks at the initiator's enclaves only
            }
        }
    }

    /** Whether this rule lets the agent join a room with these facts. */
    public boolean matches(UserId initiator, Purpose purpose, boolean initiatorSharesAnEnclave) {
        return switch (kind) {
            case MEMBERS_OF_MY_ENCLAVES -> initiatorSharesAnEnclave;
            case FROM_PEOPLE -> people.contains(initiator);
            case PURPOSE_CONTAINS -> purpose.text().toLowerCase(java.util.Locale.ROOT)
                    .contains(purposeContains.toLowerCase(java.util.Locale.ROOT));
        };
    }
}
