package io.enclavesuite.slack.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxPropertiesTest {

    private static OutboxProperties settings(Duration lease, Duration first, Duration max) {
        return new OutboxProperties(true, 100, Duration.ofSeconds(5), lease, first, max, Duration.ofMinutes(15),
                Duration.ofMinutes(2));
    }

    @Test
    void theWaitDoublesFromTheFirstRetryUpToTheLongest() {
        OutboxProperties settings = settings(Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(1));
        assertThat(settings.retryAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.retryAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.retryAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.retryAfter(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(settings.retryAfter(7)).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.retryAfter(10_000)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theLeaseMustOutlastAPass() {
        OutboxProperties settings = settings(Duration.ofSeconds(21), Duration.ofSeconds(1), Duration.ofMinutes(1));
        assertThatThrownBy(() -> settings.checkAgainst(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("enclave.slack.outbox.lease");
        settings(Duration.ofSeconds(22), Duration.ofSeconds(1), Duration.ofMinutes(1)).checkAgainst(Duration.ofSeconds(10));
    }

    @Test
    void nonsenseIsRefusedAtStart() {
        assertThatThrownBy(() -> settings(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(1)))
                .hasMessageContaining("lease");
        assertThatThrownBy(() -> settings(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .hasMessageContaining("max-retry-interval");
        assertThatThrownBy(() -> new OutboxProperties(true, 0, Duration.ofSeconds(5), Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMinutes(2)))
                .hasMessageContaining("batch-size");
    }

    @Test
    void durationsInWords() {
        assertThat(OutboxRelay.words(Duration.ofMinutes(15))).isEqualTo("15 minutes");
        assertThat(OutboxRelay.words(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(OutboxRelay.words(Duration.ofSeconds(40))).isEqualTo("40 seconds");
    }
}
