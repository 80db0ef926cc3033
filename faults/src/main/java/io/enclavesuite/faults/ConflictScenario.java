package io.enclavesuite.faults;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.testsupport.CommandChannel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

/**
 * Scenario 6: conflicting commands on one enclave decided by two replicas at once. The intake decides a command on its
 * own target, whatever the record's key; so a record keyed to a partition another replica reads puts that replica on
 * the same enclave. Each round sends a DeployTentacle through one replica and a FreezeEnclave through another at the
 * same moment (either order may win, but an accepted deploy lies before the freeze and a refused one says frozen),
 * then two ownership transfers the same way (exactly one wins); the enclave's sequence must have no gap and no
 * duplicate.
 */
final class ConflictScenario {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String ENCLAVE = "s6-twin";
    private static final String CHANNEL = "C0S6TWIN";
    private static final String OWNER = CommandLoad.OWNER;

    private final FaultHarness harness;
    private final CommandChannel channel;

    ConflictScenario(FaultHarness harness) {
        this.harness = harness;
        this.channel = harness.channel;
    }

    ScenarioResult run(int rounds) throws Exception {
        long began = System.nanoTime();
        List<String> failures = new ArrayList<>();
        accepted(ENCLAVE, "ProvisionEnclave", "{\"enclaveId\":\"" + ENCLAVE + "\",\"channel\":{\"id\":\"" + CHANNEL
                + "\",\"name\":\"" + ENCLAVE + "\"},\"owner\":\"" + OWNER + "\"}", OWNER);
        Awaitility.await("s6-twin active").atMost(PATIENCE)
                .until(() -> harness.eventTypes(ENCLAVE).contains("EnclaveActivated"));
        for (String member : List.of("U0S6BOB", "U0S6CAROL")) {
            accepted(ENCLAVE, "RegisterMember", "{\"enclaveId\":\"" + ENCLAVE + "\",\"member\":\"" + member + "\"}",
                    member);
        }
        Keys keys = keysOnTwoReplicas();
        int deploysAccepted = 0;
        for (int round = 0; round < rounds; round++) {
            Both both = concurrently(
                    keys.first(), "DeployTentacle", "{\"enclaveId\":\"" + ENCLAVE + "\",\"tentacle\":\"job-" + round
                            + "\",\"image\":\"ghcr.io/acme/job:1.0.0\",\"schedule\":\"0 2 * * *\",\"dependencies\":[]}",
                    keys.second(), "FreezeEnclave", "{\"enclaveId\":\"" + ENCLAVE
                            + "\",\"reason\":\"channel-archived\"}");
            List<String> stream = harness.eventTypes(ENCLAVE);
            int frozen = stream.lastIndexOf("EnclaveFrozen");
            int deployed = stream.lastIndexOf("TentacleDeployed");
            if (both.second().status() != CommandResult.Status.ACCEPTED) {
                failures.add("round " + round + ": the freeze was refused: " + both.second().reason());
            } else if (both.first().status() == CommandResult.Status.ACCEPTED) {
                deploysAccepted++;
                if (deployed < 0 || deployed > frozen) {
                    failures.add("round " + round + ": an accepted deploy is not before the freeze: " + stream);
                }
            } else if (!String.valueOf(both.first().reason()).contains("frozen")
                    || stream.subList(Math.max(frozen, 0), stream.size()).contains("TentacleDeployed")) {
                failures.add("round " + round + ": a refused deploy (" + both.first().reason() + ") in " + stream);
            }
            accepted(ENCLAVE, "UnfreezeEnclave", "{\"enclaveId\":\"" + ENCLAVE + "\",\"reason\":\"channel-archived\"}",
                    OWNER);
        }
        long deployedEvents = harness.eventTypes(ENCLAVE).stream().filter("TentacleDeployed"::equals).count();
        if (deployedEvents != deploysAccepted) {
            failures.add(deployedEvents + " tentacles deployed for " + deploysAccepted + " deploys accepted");
        }
        Both transfers = concurrently(
                keys.first(), "TransferOwnership", "{\"enclaveId\":\"" + ENCLAVE + "\",\"newOwner\":\"U0S6BOB\"}",
                keys.second(), "TransferOwnership", "{\"enclaveId\":\"" + ENCLAVE + "\",\"newOwner\":\"U0S6CAROL\"}");
        long won = List.of(transfers.first(), transfers.second()).stream()
                .filter(result -> result.status() == CommandResult.Status.ACCEPTED).count();
        long transferred = harness.eventTypes(ENCLAVE).stream().filter("EnclaveOwnershipTransferred"::equals).count();
        if (won != 1 || transferred != 1) {
            failures.add(won + " transfers accepted, " + transferred + " stored (one of each expected)");
        }
        List<Long> sequence = harness.sequence(ENCLAVE);
        if (!sequence.equals(LongStream.range(0, sequence.size()).boxed().toList())) {
            failures.add("the sequence has a gap or a duplicate: " + sequence);
        }
        if (!keys.twoReplicas()) {
            failures.add("two consumers, not shown to be two replicas: " + keys.held());
        }
        return new ScenarioResult(6, "conflicts on one enclave from two replicas", failures, rounds
                + " deploy/freeze rounds (" + deploysAccepted + " deploys first), " + won + " of 2 transfers, "
                + sequence.size() + " events in sequence, " + keys.held(), Duration.ofNanos(System.nanoTime() - began));
    }

    private record Both(CommandResult first, CommandResult second) {
    }

    /** Sends both at once, keyed to two replicas' partitions, and waits for both results. */
    private Both concurrently(String firstKey, String firstType, String firstPayload,
                              String secondKey, String secondType, String secondPayload) throws Exception {
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        var first = channel.envelope(one, firstType, firstPayload, CHANNEL, OWNER);
        var second = channel.envelope(two, secondType, secondPayload, CHANNEL, OWNER);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> send(firstKey, first));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> send(secondKey, second));
        CompletableFuture.allOf(a, b).get();
        Awaitility.await("both results").atMost(PATIENCE)
                .until(() -> !channel.resultsFor(one).isEmpty() && !channel.resultsFor(two).isEmpty());
        return new Both(channel.resultsFor(one).get(0), channel.resultsFor(two).get(0));
    }

    private void send(String key, io.enclavesuite.api.CommandEnvelope envelope) {
        try {
            channel.send(key, envelope);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send " + envelope.type(), e);
        }
    }

    private void accepted(String key, String type, String payload, String actor) throws Exception {
        CommandResult result = channel.execute(key, type, payload, actor, CHANNEL);
        if (result.status() != CommandResult.Status.ACCEPTED) {
            throw new IllegalStateException(type + " was not accepted: " + result.reason());
        }
    }

    /** Two record keys whose partitions two different replicas read now, and what shows it. */
    private record Keys(String first, String second, boolean twoReplicas, String held) {
    }

    /**
     * Picks two keys on partitions that two different consumers of the intake group read, and proves those are two
     * JVMs: each replica's own actuator says how many partitions its consumers hold, and with one each (as many
     * replicas as partitions), two partitions are two replicas.
     */
    private Keys keysOnTwoReplicas() throws Exception {
        String group = harness.topics.prefix() + "enclave-command-intake";
        String topic = harness.topics.commands();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                harness.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<Integer, String> reader = new HashMap<>();
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            for (MemberDescription member : description.members()) {
                for (TopicPartition partition : member.assignment().topicPartitions()) {
                    if (partition.topic().equals(topic)) {
                        reader.put(partition.partition(), member.consumerId());
                    }
                }
            }
            Map<String, Double> held = new TreeMap<>();
            for (ServiceProcess replica : harness.replicas()) {
                held.put(replica.name(), replica.metric("kafka_consumer_coordinator_assigned_partitions"));
            }
            String first = null;
            for (int i = 0; i < 10_000; i++) {
                String key = "conflict-" + i;
                String consumer = reader.get(partitionOf(key, partitions));
                if (consumer == null) {
                    continue;
                }
                if (first == null) {
                    first = key;
                } else if (!consumer.equals(reader.get(partitionOf(first, partitions)))) {
                    boolean oneEach = held.size() == partitions
                            && held.values().stream().allMatch(count -> count == 1.0);
                    return new Keys(first, key, oneEach, "partitions held " + held);
                }
            }
            throw new IllegalStateException("no two consumers read " + topic + " now: " + reader);
        }
    }

    /** Where Kafka's default partitioner puts a keyed record. */
    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
