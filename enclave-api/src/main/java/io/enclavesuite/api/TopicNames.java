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

    public java.util.List<String> all() {
        return Topics.ALL.stream().map(name -> prefix + name).toList();
    }
}
