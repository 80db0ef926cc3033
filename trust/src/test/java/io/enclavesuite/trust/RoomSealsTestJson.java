package io.enclavesuite.trust;

import io.enclavesuite.api.coordination.TimeWindow;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Windows as JSON, written by hand as {@code docs/coordination.md} spells the plaintext — not with the suite's mapper —
 * so a sealer built on it is independent of {@link RoomSeals}' serialisation.
 */
final class RoomSealsTestJson {

    static byte[] windowsJson(List<TimeWindow> windows) {
        return windows.stream().map(RoomSealsTestJson::windowJson)
                .collect(Collectors.joining(",", "[", "]")).getBytes(StandardCharsets.UTF_8);
    }

    static String windowJson(TimeWindow window) {
        return "{\"start\":\"" + window.start() + "\",\"end\":\"" + window.end() + "\",\"confidence\":\""
                + window.confidence().label() + "\"}";
    }

    private RoomSealsTestJson() {
    }
}
