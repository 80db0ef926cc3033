package io.enclavesuite.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.receipts.signing.Ed25519Keys;
import io.enclavesuite.trust.ActsFor;
import io.enclavesuite.trust.EnvelopeSignature;
import io.enclavesuite.trust.Principal;
import io.enclavesuite.trust.PrincipalKey;
import io.enclavesuite.trust.PrincipalRegistry;
import io.enclavesuite.trust.PrincipalSigner;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * What checking a command's signature costs the intake, per command, on this thread's CPU clock: the JWS parse and
 * the Ed25519 verification, beside reading the same envelope's JSON — work the intake does for every command anyway —
 * measured in alternating rounds of the same run, so a noisy machine moves both alike. {@code bench signatures [rounds]}.
 */
public final class SignatureBenchmark {

    private static final int PER_ROUND = 20_000;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        ObjectMapper json = EnclaveJson.mapper();
        PrincipalSigner gateway = new PrincipalSigner("slack-gateway", Ed25519Keys.SigningKey.generate(new SecureRandom()));
        PrincipalRegistry registry = PrincipalRegistry.of(List.of(new Principal("slack-gateway", Set.of("*"),
                ActsFor.parse("slack-users", Set.of()), List.of(new PrincipalKey(gateway.key().verificationKey(), null,
                null, "bench")))), Set.of());
        // a RegisterMember as the visibility benchmark sends it
        String value = json.writeValueAsString(new CommandEnvelope(UUID.randomUUID(), "RegisterMember",
                json.readTree("{\"enclaveId\":\"bench-abc-17\",\"member\":\"U0BENCHMEMBER17\"}"), "U0BENCHOWNER17",
                "C0BENCH17", Instant.now()));
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        String signature = gateway.sign(bytes);
        Instant now = Instant.now();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

        System.out.printf(Locale.ROOT, "%n| round | parse envelope (µs CPU) | verify signature (µs CPU) | verify / parse |%n");
        System.out.println("|---|---|---|---|");
        for (int round = 0; round < rounds; round++) {
            long start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) {
                if (json.readValue(value, CommandEnvelope.class).commandId() == null) {
                    throw new IllegalStateException();
                }
            }
            double parse = (cpu.getCurrentThreadCpuTime() - start) / 1e3 / PER_ROUND;
            start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) {
                if (EnvelopeSignature.verify(registry, signature, bytes, now) == null) {
                    throw new IllegalStateException();
                }
            }
            double verify = (cpu.getCurrentThreadCpuTime() - start) / 1e3 / PER_ROUND;
            // the first rounds warm the JIT up; they are shown, and the note in docs/benchmarks.md uses the later ones
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f |%n", round + 1, parse, verify, verify / parse);
        }
    }

    private SignatureBenchmark() {
    }
}
