package io.enclavesuite.api;

/**
 * Metadata every command and event carries, so "Why?" can walk back to the human, channel or rule behind it.
 * Axon adds {@code traceId} and {@code correlationId} itself.
 */
public final class MetadataKeys {
    /** Who: a Slack user id, or a service principal. */
    public static final String ACTOR = "actor";
    /**
     * Through what: the principal (service or operator tool) whose signature the command's envelope carried — the
     * one that vouches for {@link #ACTOR}.
     */
    public static final String PRINCIPAL = "principal";
    /** Where: the Slack channel the request came from. */
    public static final String CHANNEL_ID = "channelId";
    /** How: {@code kafka:<principal>} (the verified signer), {@code saga}, {@code deadline} or {@code reconciler}. */
    public static final String VIA = "via";
    /** The envelope's id, for commands that arrived over Kafka. */
    public static final String COMMAND_ID = "commandId";
    /** The envelope's reply key, on the command only: what it answers in confidence is sealed to it. */
    public static final String REPLY_KEY = "replyKey";
    /** SHA-256 (hex) of what an intake command asks; on the command only, to tell a resend from a reused id. */
    public static final String COMMAND_DIGEST = "commandDigest";

    /**
     * On the command only, never propagated: an operator principal's stated reason for acting where the enclave's
     * rules would refuse its actor. The aggregate records each use as an event.
     */
    public static final String OPERATOR_REASON = "operatorReason";

    public static final String VIA_SAGA = "saga";
    public static final String VIA_DEADLINE = "deadline";
    /** The reconciler that converges the cluster to the history; also the {@link #ACTOR} of what it records. */
    public static final String VIA_RECONCILER = "reconciler";

    public static String viaKafka(String service) {
        return "kafka:" + service;
    }

    private MetadataKeys() {
    }
}
