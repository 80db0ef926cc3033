package io.enclavesuite.console.enclave;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryFilterTest {

    @Test
    void theNextPageKeepsTheFiltersAndLeavesBlankOnesOut() {
        HistoryFilter filter = new HistoryFilter("MemberRegistered", " ", "2026-11-23T10:00", null, "2", "4");

        assertThat(filter.link("growth", "7"))
                .isEqualTo("/enclaves/growth/history?type=MemberRegistered&from=2026-11-23T10:00&limit=2&after=7");
        assertThat(filter.link("growth", null))
                .isEqualTo("/enclaves/growth/history?type=MemberRegistered&from=2026-11-23T10:00&limit=2");
    }

    @Test
    void aBraceTypedIntoAFilterIsACharacterNotATemplate() {
        assertThat(new HistoryFilter("{x}", null, null, null, null, null).link("growth", null))
                .isEqualTo("/enclaves/growth/history?type=%7Bx%7D");
    }

    @Test
    void theReadApiIsAskedForInstants() {
        assertThat(new HistoryFilter(null, "U0BOB", "2026-11-23T10:00", "2026-11-24T10:00:00Z", null, null).query())
                .containsEntry("from", "2026-11-23T10:00:00Z").containsEntry("to", "2026-11-24T10:00:00Z")
                .containsEntry("actor", "U0BOB");
    }
}
