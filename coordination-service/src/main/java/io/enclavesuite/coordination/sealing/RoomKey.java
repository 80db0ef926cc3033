package io.enclavesuite.coordination.sealing;

import io.enclavesuite.trust.RoomSeals;

import javax.crypto.SecretKey;
import java.util.Objects;

/**
 * A room's key, unwrapped: its X25519 key pair, to which participants seal — or, for a room made before senders
 * sealed their own windows, the AES data key the service sealed them under (only opened, never sealed with again).
 */
public sealed interface RoomKey {

    record Pair(RoomSeals.RoomKeyPair pair) implements RoomKey {
        public Pair {
            Objects.requireNonNull(pair, "pair");
        }
    }

    record LegacyDataKey(SecretKey key) implements RoomKey {
        public LegacyDataKey {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "LegacyDataKey[…]";
        }
    }
}
