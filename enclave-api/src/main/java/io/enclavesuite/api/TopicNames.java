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

    /**
     * What a topic of the suite is created with besides partitions and replicas: the command topics are stamped by
     * the broker when a record arrives (LogAppendTime), the time the intake judges a signed envelope's age by.
     */
    public java.util.Map<String, String> configOf(String topic) {
        return topic.equals(commands()) || topic.equals(coordinationCommands())
                ? java.util.Map.of("message.timestamp.type", "LogAppendTime") : java.util.Map.of();
    }

    public java.util.List<String> all() {
        return Topics.ALL.stream().map(name -> prefix + name).toList();
    }
}
