package io.enclavesuite.query.axon;

import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;

import java.util.Map;

/**
 * The Kafka extension's tracking tokens, as a rebuild writes and reads them: a token holds, per partition of the
 * event topics, the offset of the last record handled, and a processor resumes each partition after that record —
 * from its beginning when the token names no offset for it. Pinned by {@code AxonInternalsTest}.
 */
public final class KafkaPositions {

    private KafkaPositions() {
    }

    /** A token at the start of every partition of the topics: what a rebuild stores for each segment. */
    public static TrackingToken startOfTheTopics() {
        return KafkaTrackingToken.emptyToken();
    }

    /**
     * The offset of the last record handled per partition, as far as the token has gone (the upper bound of a replay
     * token); none for no token, or one that is not the Kafka extension's.
     */
    public static Map<TopicPartition, Long> lastHandled(TrackingToken token) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapUpperBound(token);
        return current instanceof KafkaTrackingToken kafka ? kafka.getPositions() : Map.of();
    }
}
