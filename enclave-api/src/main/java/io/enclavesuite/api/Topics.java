package io.enclavesuite.api;

/**
 * Kafka topic names of the suite. Keys are aggregate ids, so the order per aggregate holds.
 * A deployment may prefix every name (one broker shared by several suites, or one test per prefix).
 */
public final class Topics {
    /** Commands for the team-enclave write side (enclave-command). */
    public static final String COMMANDS = "enclave.commands";
    /** Commands for the coordination write side: each write service reads only its own commands. */
    public static final String COORDINATION_COMMANDS = "coordination.commands";
    public static final String COMMAND_RESULTS = "enclave.command-results";
    public static final String COMMANDS_DLT = "enclave.commands.dlt";
    public static final String ENCLAVE_EVENTS = "enclave.events";
    public static final String COORDINATION_EVENTS = "coordination.events";
    public static final String RECEIPTS_EVENTS = "receipts.events";

    public static final java.util.List<String> ALL =
            java.util.List.of(COMMANDS, COORDINATION_COMMANDS, COMMAND_RESULTS, COMMANDS_DLT, ENCLAVE_EVENTS, COORDINATION_EVENTS, RECEIPTS_EVENTS);

    private Topics() {
    }
}
