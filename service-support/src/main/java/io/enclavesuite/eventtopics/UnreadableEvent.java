package io.enclavesuite.eventtopics;

/**
 * What a reader of the event topics hands its processors in place of a record it refused to read
 * ({@link TrustedEventConverter}): where the record was and why it was refused — the untrusted type name only in its
 * quoted form. Every read-side processing group handles it by throwing {@link #refusal()}, so the record is parked in
 * that group's dead letters with the reason, in its aggregate's sequence, and the processor goes on.
 *
 * @param type   the record's {@code axon-message-type}, quoted ({@link UntrustedText#quote})
 * @param reason why it was refused, in words an operator can act on
 */
public record UnreadableEvent(String topic, int partition, long offset, String type, String reason) {

    public UnreadableEventException refusal() {
        return new UnreadableEventException(this);
    }

    /** The reason a parked record shows: where it was and why it was refused. */
    public static class UnreadableEventException extends RuntimeException {
        public UnreadableEventException(UnreadableEvent event) {
            super("refused record " + event.topic() + "-" + event.partition() + "@" + event.offset() + ": "
                    + event.reason(), null, false, false); // no stack trace: the reason is all there is to know
        }
    }
}
