package io.enclavesuite.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.trust.RoomSeals;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What sealing windows at their sender costs a room: {@code participants} (1,000) each seal {@code windows} (50) to the
 * room's X25519 key with HPKE ({@link RoomSeals}: an ephemeral key pair and two X25519 operations per seal, one per
 * open), then the room opens all of them. The baseline, measured in alternating rounds of the same run on the same
 * windows: what the service did before senders sealed — the same JSON under the room's AES-256-GCM data key with a
 * fresh nonce (the former {@code WindowSealer}). Thread CPU time, so a noisy machine moves both alike.
 * {@code bench room-sealing [participants] [windows each] [rounds]}.
 */
public final class RoomSealingBenchmark {

    static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-4000-8000-000000026026");
    private static final int WARM_UP_ROUNDS = 3;

    public static void main(String[] args) {
        int participants = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int windowsEach = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Map<UserId, List<TimeWindow>> room = room(participants, windowsEach);
        RoomSeals.RoomKeyPair roomKey = RoomSeals.generate();
        ServerSideAesGcm baseline = new ServerSideAesGcm();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

        System.out.printf(Locale.ROOT, "%d participants x %d windows, one room; ms of this thread's CPU per room%n",
                participants, windowsEach);
        System.out.println("| round | HPKE seal | HPKE open | AES-GCM seal | AES-GCM open | HPKE seal + open per participant"
                + " | HPKE / AES-GCM (seal + open) | sealed size, HPKE / AES-GCM |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<long[]> measured = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            long start = cpu.getCurrentThreadCpuTime();
            List<String> sealed = sealAll(room, roomKey);
            long hpkeSeal = cpu.getCurrentThreadCpuTime() - start;
            start = cpu.getCurrentThreadCpuTime();
            List<List<TimeWindow>> opened = openAll(room, roomKey, sealed);
            long hpkeOpen = cpu.getCurrentThreadCpuTime() - start;
            check(room, opened, "HPKE");

            start = cpu.getCurrentThreadCpuTime();
            List<String> baselineSealed = new ArrayList<>(room.size());
            room.forEach((participant, windows) -> baselineSealed.add(baseline.seal(participant, windows)));
            long aesSeal = cpu.getCurrentThreadCpuTime() - start;
            start = cpu.getCurrentThreadCpuTime();
            List<List<TimeWindow>> baselineOpened = new ArrayList<>(room.size());
            int i = 0;
            for (UserId participant : room.keySet()) {
                baselineOpened.add(baseline.open(participant, baselineSealed.get(i++)));
            }
            long aesOpen = cpu.getCurrentThreadCpuTime() - start;
            check(room, baselineOpened, "AES-GCM");

            if (round > WARM_UP_ROUNDS) {
                measured.add(new long[] {hpkeSeal, hpkeOpen, aesSeal, aesOpen});
            }
            // the first rounds warm the JIT up: shown, left out of the medians
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %.0f µs | %.2f | %d / %d chars |%n", round,
                    hpkeSeal / 1e6, hpkeOpen / 1e6, aesSeal / 1e6, aesOpen / 1e6,
                    (hpkeSeal + hpkeOpen) / 1e3 / room.size(), (double) (hpkeSeal + hpkeOpen) / (aesSeal + aesOpen),
                    sealed.get(0).length(), baselineSealed.get(0).length());
        }
        if (!measured.isEmpty()) {
            double[] median = new double[4];
            for (int column = 0; column < 4; column++) {
                int c = column;
                long[] values = measured.stream().mapToLong(m -> m[c]).sorted().toArray();
                median[column] = values.length % 2 == 1 ? values[values.length / 2]
                        : (values[values.length / 2 - 1] + values[values.length / 2]) / 2.0;
            }
            System.out.printf(Locale.ROOT, "| median of rounds %d–%d | %.1f | %.1f | %.1f | %.1f | %.0f µs | %.2f | |%n",
                    WARM_UP_ROUNDS + 1, rounds, median[0] / 1e6, median[1] / 1e6, median[2] / 1e6, median[3] / 1e6,
                    (median[0] + median[1]) / 1e3 / room.size(), (median[0] + median[1]) / (median[2] + median[3]));
        }
    }

    /** The overlap benchmark's calendars (five pieces a weekday over two weeks), its participants as Slack users. */
    static Map<UserId, List<TimeWindow>> room(int participants, int windowsEach) {
        Map<UserId, List<TimeWindow>> room = new LinkedHashMap<>();
        int p = 0;
        for (List<TimeWindow> windows : OverlapBenchmark.room(participants, windowsEach, 20, new Random(20261206L)).values()) {
            room.put(UserId.of(String.format(Locale.ROOT, "U0BENCH%05d", p++)), windows);
        }
        return room;
    }

    static List<String> sealAll(Map<UserId, List<TimeWindow>> room, RoomSeals.RoomKeyPair roomKey) {
        List<String> sealed = new ArrayList<>(room.size());
        room.forEach((participant, windows) ->
                sealed.add(RoomSeals.sealWindows(roomKey.publicKey(), ROOM, participant, windows).value()));
        return sealed;
    }

    static List<List<TimeWindow>> openAll(Map<UserId, List<TimeWindow>> room, RoomSeals.RoomKeyPair roomKey,
                                          List<String> sealed) {
        List<List<TimeWindow>> opened = new ArrayList<>(room.size());
        int i = 0;
        for (UserId participant : room.keySet()) {
            opened.add(RoomSeals.openWindows(roomKey, ROOM, participant, new SealedWindows(sealed.get(i++))));
        }
        return opened;
    }

    /** Every participant's windows came back as they were sealed, or the timing would be of something else. */
    static void check(Map<UserId, List<TimeWindow>> room, List<List<TimeWindow>> opened, String what) {
        if (!new ArrayList<>(room.values()).equals(opened)) {
            throw new IllegalStateException(what + " did not give back the windows it sealed");
        }
    }

    /** The baseline: the service sealing under the room's AES-256-GCM data key, as before senders sealed. */
    static final class ServerSideAesGcm {

        private static final int NONCE_BYTES = 12;
        private static final int TAG_BITS = 128;
        private static final TypeReference<List<TimeWindow>> WINDOWS = new TypeReference<>() { };

        private final ObjectMapper json = EnclaveJson.mapper();
        private final SecureRandom random = new SecureRandom();
        private final SecretKey key;

        ServerSideAesGcm() {
            try {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(256);
                key = generator.generateKey();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        String seal(UserId participant, List<TimeWindow> windows) {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(associatedData(participant));
                byte[] sealed = cipher.doFinal(json.writeValueAsBytes(windows));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        List<TimeWindow> open(UserId participant, String sealed) {
            byte[] bytes = Base64.getUrlDecoder().decode(sealed);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
                cipher.updateAAD(associatedData(participant));
                return json.readValue(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), WINDOWS);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("does not open", e);
            }
        }

        private static byte[] associatedData(UserId participant) {
            return (ROOM.value() + "/" + participant.value()).getBytes(StandardCharsets.UTF_8);
        }
    }

    private RoomSealingBenchmark() {
    }
}
