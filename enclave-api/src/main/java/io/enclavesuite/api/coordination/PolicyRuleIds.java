package io.enclavesuite.api.coordination;

import java.util.Set;

/**
 * The rule ids a room records for decisions no autonomy rule of the person made: their level, a trusted identity,
 * their weekly budget, their inbound rate limit, or being the initiator. A person's own rules may not take them.
 */
public final class PolicyRuleIds {

    public static final String INITIATOR = "initiator";
    public static final String LEVEL_NONE = "level-none";
    public static final String LEVEL_DRAFT_ONLY = "level-draft-only";
    public static final String LEVEL_FULL = "level-full";
    public static final String TRUSTED_IDENTITY = "trusted-identity";
    public static final String WEEKLY_BUDGET = "weekly-budget";
    public static final String INBOUND_RATE_LIMIT = "inbound-rate-limit";

    public static final Set<String> RESERVED = Set.of(INITIATOR, LEVEL_NONE, LEVEL_DRAFT_ONLY, LEVEL_FULL,
            TRUSTED_IDENTITY, WEEKLY_BUDGET, INBOUND_RATE_LIMIT);

    private PolicyRuleIds() {
    }
}
