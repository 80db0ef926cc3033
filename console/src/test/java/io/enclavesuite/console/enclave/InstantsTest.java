package io.enclavesuite.console.enclave;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InstantsTest {

    @Test
    void aDatetimeLocalValueIsTakenAsUtc() {
        assertThat(Instants.normalized("2026-11-23T10:00")).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(Instants.normalized("2026-11-23T10:00:05")).isEqualTo("2026-11-23T10:00:05Z");
    }

    @Test
    void anInstantIsKeptAndBlankAsksForNothing() {
        assertThat(Instants.normalized(" 2026-11-23T10:00:05.250Z ")).isEqualTo("2026-11-23T10:00:05.250Z");
        assertThat(Instants.normalized("  ")).isNull();
        assertThat(Instants.normalized(null)).isNull();
    }

    @Test
    void anythingElseGoesToTheReadApiAsTypedForItsReason() {
        assertThat(Instants.normalized("yesterday")).isEqualTo("yesterday");
    }

    @Test
    void anInstantIsShownInADatetimeLocalFieldToTheSecond() {
        assertThat(Instants.localValue("2026-11-23T10:00:05.250Z")).isEqualTo("2026-11-23T10:00:05");
    }
}
