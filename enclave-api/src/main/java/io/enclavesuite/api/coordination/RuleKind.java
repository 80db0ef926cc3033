package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** What an autonomy rule looks at to let a person's agent join a meeting sync without asking them. */
public enum RuleKind {
    /** the initiator is a member (or the owner) of a team enclave the person belongs to */
    MEMBERS_OF_MY_ENCLAVES,
    /** the initiator is one of the people the rule names */
    FROM_PEOPLE,
    /** the room's purpose contains the rule's text, ignoring case */
    PURPOSE_CONTAINS;

    @JsonCreator
    public static RuleKind parse(String text) {
        return Arrays.stream(values()).filter(v -> v.label().equals(text) || v.name().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text
                        + "' is not a rule kind: members-of-my-enclaves, from-people or purpose-contains"));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
