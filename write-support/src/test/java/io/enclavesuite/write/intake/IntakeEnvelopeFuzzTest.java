package io.enclavesuite.write.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.trust.PrincipalRegistry;
import io.enclavesuite.trust.PrincipalSigner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.CommandMessage;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Envelopes and signatures an attacker could make up, through the real intake: whatever the type, actor, channel,
 * payload or header bytes, a command reaches the bus only when the signature holds and its principal may send that
 * type for that actor — and every record is answered or dead-lettered, never crashing the intake.
 */
class IntakeEnvelopeFuzzTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final PrincipalSigner SERVICE = IntakeOnRealStores.signer("report-service");
    private static final PrincipalRegistry REGISTRY = PrincipalRegistry.of(List.of(
            IntakeOnRealStores.principal(SERVICE, Set.of("RunTentacle", "FreezeEnclave"), "self", Set.of("U0CAROL"))),
            Set.of());
    private static final List<CommandMessage<?>> handled = new CopyOnWriteArrayList<>();
    private static IntakeOnRealStores stores;
    private static long offset;

    @BeforeContainer
    static void stores() throws Exception {
        stores = new IntakeOnRealStores();
        for (String type : CommandCatalog.allNames()) {
            stores.bus.subscribe(CommandCatalog.anyCommandType(type).orElseThrow().getName(), message -> {
                handled.add(message);
                return null;
            });
        }
    }

    @AfterContainer
    static void close() {
        stores.close();
    }

    @Property(tries = 150)
    void onlyAPermittedSignedCommandReachesTheBus(@ForAll("types") String type, @ForAll("actors") String actor,
                                                  @ForAll("mutations") int mutation) throws Exception {
        handled.clear();
        ObjectNode payload = IntakeOnRealStores.JSON.createObjectNode().put("enclaveId", "growth")
                .put("tentacle", "report").put("reason", "OWNER");
        CommandEnvelope envelope = new CommandEnvelope(UUID.randomUUID(), type, payload, actor, null, NOW);
        String value = IntakeOnRealStores.JSON.writeValueAsString(envelope);
        String signature = SERVICE.sign(value.getBytes(StandardCharsets.UTF_8));
        if (mutation > 0) {
            // one byte of the value changed after signing (still valid UTF-8 JSON text or not: either way refused)
            char[] chars = value.toCharArray();
            int at = mutation % chars.length;
            chars[at] = chars[at] == 'x' ? 'y' : 'x';
            value = String.valueOf(chars);
        }
        ConsumerRecord<String, String> record = IntakeOnRealStores.record(
                CommandCatalog.owning(type).orElse(CommandCatalog.TEAM).topic(stores.topics), offset++, "growth",
                value, signature, NOW);

        stores.intake(new AnyCommand(CommandCatalog.owning(type).orElse(CommandCatalog.TEAM)), () -> REGISTRY,
                Clock.fixed(NOW, ZoneOffset.UTC)).onRecords(List.of(record), null);

        boolean changed = !value.equals(IntakeOnRealStores.JSON.writeValueAsString(envelope));
        boolean permitted = !changed && (type.equals("RunTentacle") || type.equals("FreezeEnclave"))
                && (actor.equals("report-service") || actor.equals("U0CAROL"));
        List<CommandResult> answers = stores.answersNow();
        if (permitted) {
            assertThat(handled).hasSizeLessThanOrEqualTo(1);
        } else {
            assertThat(handled).isEmpty();
            assertThat(stores.deadLettersNow()).hasSize(1);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.accepted()).isFalse());
        }
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.oneOf(Arbitraries.of(List.copyOf(CommandCatalog.allNames())),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> actors() {
        return Arbitraries.oneOf(Arbitraries.of("report-service", "U0CAROL", "U0ALICE", "report-service\n",
                        "REPORT-SERVICE", "U0CAROL ", "slack-gateway"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank()));
    }

    @Provide
    Arbitrary<Integer> mutations() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 10_000)));
    }

    private record AnyCommand(CommandCatalog catalog) implements IntakeRules {
        @Override
        public String notFound(Object command, String target) {
            return "no " + target;
        }
    }
}
