package io.enclavesuite.faults;

import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.testsupport.CommandChannel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One scenario's commands as the intake receives them: signed envelopes on the command topic, each keyed by its
 * enclave (so each enclave's commands stay in order on one partition). The enclaves are provisioned first; then
 * {@code commands} distinct RegisterMember commands (a new member each, spread evenly over the enclaves — an enclave
 * takes up to 100 members besides its owner) are each sent twice with the same command id, all in a random order.
 */
final class CommandLoad {

    /** Scenario 6's owner; the loads give each enclave an owner of its own (one person owns at most 10). */
    static final String OWNER = "U0FAULTOWNER";
    private static final int SENDERS = 8;
    /** How long a send is tried again while the broker does not acknowledge it (scenario 4's outage and more). */
    private static final Duration ACKNOWLEDGED_WITHIN = Duration.ofMinutes(5);

    private final CommandChannel channel;
    private final String prefix;
    private final int enclaves;
    private final int commands;
    private final Random random;
    private final Set<UUID> provisionIds = new LinkedHashSet<>();
    private final Set<UUID> memberIds = new LinkedHashSet<>();
    private final AtomicInteger sentAgain = new AtomicInteger();

    /**
     * @param prefix   the scenario's enclave ids start with it (lower case letters and digits, then a dash)
     * @param enclaves how many enclaves the commands go to
     * @param commands how many distinct member registrations, each delivered twice
     * @param seed     the order of the sends
     */
    CommandLoad(CommandChannel channel, String prefix, int enclaves, int commands, long seed) {
        if (commands > enclaves * 100) {
            throw new IllegalArgumentException(commands + " members over " + enclaves
                    + " enclaves: an enclave takes at most 100 besides its owner");
        }
        this.channel = channel;
        this.prefix = prefix;
        this.enclaves = enclaves;
        this.commands = commands;
        this.random = new Random(seed);
    }

    String prefix() {
        return prefix;
    }

    String enclave(int index) {
        return prefix + String.format(Locale.ROOT, "e%03d", index);
    }

    String channelOf(int index) {
        return "C0" + prefix.replace("-", "").toUpperCase(Locale.ROOT) + String.format(Locale.ROOT, "E%03d", index);
    }

    int enclaves() {
        return enclaves;
    }

    int commands() {
        return commands;
    }

    Set<UUID> provisionIds() {
        return Collections.unmodifiableSet(provisionIds);
    }

    Set<UUID> memberIds() {
        return Collections.unmodifiableSet(memberIds);
    }

    /** The owner of enclave {@code index}: one each, as one person may own at most 10 enclaves. */
    String ownerOf(int index) {
        return "U0" + prefix.replace("-", "").toUpperCase(Locale.ROOT) + String.format(Locale.ROOT, "O%03d", index);
    }

    /** A ProvisionEnclave for each enclave; the sagas run on whichever replica holds their segment. */
    void provision() throws Exception {
        for (int i = 0; i < enclaves; i++) {
            String enclave = enclave(i);
            UUID id = UUID.randomUUID();
            provisionIds.add(id);
            sendUntilAcknowledged(enclave, channel.envelope(id, "ProvisionEnclave", "{\"enclaveId\":\"" + enclave
                    + "\",\"channel\":{\"id\":\"" + channelOf(i) + "\",\"name\":\"" + enclave + "\"},\"owner\":\""
                    + ownerOf(i) + "\"}", channelOf(i), ownerOf(i)));
        }
    }

    /**
     * Sends every member registration twice in a random order from {@value #SENDERS} threads; {@code halfway} runs once
     * when half of the sends are out (a fault to inject while the other half goes on).
     */
    Duration sendTwiceShuffled(Runnable halfway) throws Exception {
        return send(2, halfway);
    }

    /** Sends every member registration once, in a random order: the throughput measurement's load. */
    Duration sendEachOnce() throws Exception {
        return send(1, () -> { });
    }

    private Duration send(int times, Runnable halfway) throws Exception {
        List<Send> sends = sends(times);
        long began = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        int half = sends.size() / 2;
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < SENDERS; t++) {
                workers.add(senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < sends.size(); i = next.getAndIncrement()) {
                        if (i == half) {
                            halfway.run(); // the others keep sending meanwhile
                        }
                        sendUntilAcknowledged(sends.get(i).key(), sends.get(i).envelope());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            senders.shutdown();
            senders.awaitTermination(1, TimeUnit.MINUTES);
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }

    /** Every member registration {@code times} times, in a random order (the same envelope for each time). */
    List<Send> sends(int times) throws Exception {
        List<Send> sends = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            int enclave = i % enclaves;
            String member = "U0" + prefix.replace("-", "").toUpperCase(Locale.ROOT) + String.format(Locale.ROOT,
                    "M%05d", i);
            UUID id = UUID.randomUUID();
            memberIds.add(id);
            CommandEnvelope envelope = channel.envelope(id, "RegisterMember", "{\"enclaveId\":\"" + enclave(enclave)
                    + "\",\"member\":\"" + member + "\"}", channelOf(enclave), member);
            for (int time = 0; time < times; time++) {
                sends.add(new Send(enclave(enclave), envelope));
            }
        }
        Collections.shuffle(sends, random);
        return sends;
    }


    /**
     * Sends until the broker acknowledges, as a client would: a send that failed (the broker away longer than the
     * producer's delivery timeout, or no metadata in time) goes again with the same command id, so the intake takes it
     * as a repeat. A command counts as acknowledged once one of its sends is.
     */
    void sendUntilAcknowledged(String key, CommandEnvelope envelope) throws Exception {
        long deadline = System.nanoTime() + ACKNOWLEDGED_WITHIN.toNanos();
        while (true) {
            try {
                channel.send(key, envelope);
                return;
            } catch (java.util.concurrent.ExecutionException | org.apache.kafka.common.KafkaException e) {
                Throwable why = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
                if (!(why instanceof org.apache.kafka.common.errors.RetriableException)) {
                    throw e; // not the broker's absence: sending again would not help
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not acknowledge " + envelope.commandId()
                            + " within " + ACKNOWLEDGED_WITHIN, e);
                }
                sentAgain.incrementAndGet();
            }
        }
    }

    /** Sends that failed and went again (each a repeat of its command). */
    int sentAgain() {
        return sentAgain.get();
    }

    record Send(String key, CommandEnvelope envelope) {
    }
}
