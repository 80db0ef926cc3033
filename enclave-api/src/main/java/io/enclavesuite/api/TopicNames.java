package io.enclavesuite.api;

/**
 * The suite's topics under an optional prefix, so several suites (or several tests) can share one broker.
 */
public record TopicNames(String prefix) {

    public TopicNames {
        prefix = prefix == null ? "" : prefix.strip();
    }

    public String commands() {
        return prefix + Topics.COMMANDS;
    }

    public String coordinationCommands() {
        return prefix + Topics.COORDINATION_COMMANDS;
    }

    public String commandResults() {
        return prefix + Topics.COMMAND_RESULTS;
    }

    public String commandsDeadLetter() {
        return prefix + Topics.COMMANDS_DLT;
    }

    public String enclaveEvents() {
        return prefix + Topics.ENCLAVE_EVENTS;
    }

    public String coordinationEvents() {
        return prefix + Topics.COORDINATION_EVENTS;
    }

    public String receiptsEvents() {
        return prefix + Topics.RECEIPTS_EVENTS;
    }

    /** How long command and result records stay: a week, longer than any intake outage worth sitting out. */
    public static final String COMMAND_RETENTION_MS = "604800000";
    /** How long dead letters stay: thirty days, time to investigate and resend. */
    public static final String DEAD_LETTER_RETENTION_MS = "2592000000";

    /**
     * What a topic of the suite is created with besides partitions and replicas (k8s/infrastructure/kafka-topics.yaml
     * says the same). Command topics are stamped by the broker when a record arrives (LogAppendTime), the time the
     * intake judges a signed envelope's age by. Commands, results and dead letters have a bounded retention, so no
     * copy of a command outlives it by more than that (and a room's are ciphertext anyway); the event topics keep
     * everything, because read models are rebuilt from them.
     */
    public java.util.Map<String, String> configOf(String topic) {
        if (topic.equals(commands()) || topic.equals(coordinationCommands())) {
            return java.util.Map.of("message.timestamp.type", "LogAppendTime", "retention.ms", COMMAND_RETENTION_MS);
        }
        if (topic.equals(commandResults())) {
            return java.util.Map.of("retention.ms", COMMAND_RETENTION_MS);
        }
        if (topic.equals(commandsDeadLetter())) {
            return java.util.Map.of("retention.ms", DEAD_LETTER_RETENTION_MS);
        }
        return KEEP_EVERYTHING;
    }

    /**
     * What an event topic is created with: no limit of time or size, and deletion (which then never happens) rather
     * than compaction, which would keep only each aggregate's last event since records are keyed by aggregate id.
     */
    public static final java.util.Map<String, String> KEEP_EVERYTHING =
            java.util.Map.of("retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete");

    /** The topics the read models are rebuilt from; {@link #configOf} gives them {@link #KEEP_EVERYTHING}. */
    public java.util.List<String> eventTopics() {
        return java.util.List.of(enclaveEvents(), coordinationEvents(), receiptsEvents());
    }

    public java.util.List<String> all() {
        return Topics.ALL.stream().map(name -> prefix + name).toList();
    }
}
