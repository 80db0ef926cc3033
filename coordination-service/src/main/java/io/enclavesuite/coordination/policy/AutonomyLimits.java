package io.enclavesuite.coordination.policy;

/**
 * Bounds of the agent policies ({@code coordination.autonomy.*}). A bound left out takes its default here.
 *
 * @param inboundPerHour    invitations one sender may send one person in an hour, unless the person set their own
 * @param maxInboundPerHour the highest inbound rate limit a person may set for themselves
 */
public record AutonomyLimits(Integer inboundPerHour, Integer maxInboundPerHour) {

    public static final AutonomyLimits DEFAULTS = new AutonomyLimits(null, null);

    public AutonomyLimits {
        inboundPerHour = inboundPerHour == null ? 10 : inboundPerHour;
        maxInboundPerHour = maxInboundPerHour == null ? 1000 : maxInboundPerHour;
        if (inboundPerHour < 1 || maxInboundPerHour < inboundPerHour) {
            throw new IllegalArgumentException("coordination.autonomy.inbound-per-hour must be at least 1 and at most"
                    + " coordination.autonomy.max-inbound-per-hour, not " + inboundPerHour + " and "
                    + maxInboundPerHour);
        }
    }
}
