package io.enclavesuite.console.why;

import io.enclavesuite.api.EnclaveJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExplanationTest {

    @Test
    void aChainStartedByAPersonLeadsBackToThemAndLinksWhatItTouched() throws Exception {
        Explanation why = Explanation.of(EnclaveJson.mapper().readTree("""
                {"item": {"aggregate": "room-7d1c0000-0000-4000-8000-000000000001", "sequence": 4,
                          "type": "ParticipationAuthorized", "at": "2026-11-23T09:04:00Z", "actor": "U0CAROL",
                          "channelId": "C0PLANNING", "via": "kafka:slack-gateway"},
                 "origin": {"aggregate": "room-7d1c0000-0000-4000-8000-000000000001", "sequence": 4,
                            "type": "ParticipationAuthorized", "at": "2026-11-23T09:04:00Z", "actor": "U0CAROL",
                            "channelId": "C0PLANNING", "via": "kafka:slack-gateway"},
                 "chain": [], "policy": ["U0CAROL approved joining"], "people": ["U0CAROL"],
                 "related": ["growth"],
                 "transitions": [{"type": "CoordinationCreated", "at": "2026-11-23T09:00:00Z"}]}"""));

        assertThat(why.humanOrigin()).isTrue();
        assertThat(why.origin().way()).isEqualTo("in Slack");
        assertThat(why.item().type()).isEqualTo("Participation authorized");
        assertThat(why.aggregate().href()).isEqualTo("/rooms/room-7d1c0000-0000-4000-8000-000000000001");
        assertThat(why.related()).containsExactly(new EventWords.Link("enclave growth", "/enclaves/growth"));
        assertThat(why.transitions()).containsExactly(
                new Explanation.Transition("Coordination created", "2026-11-23T09:00:00Z"));
        assertThat(why.disclosed()).isNull();
    }

    @Test
    void aChainTheSuiteStartedSaysSo() throws Exception {
        Explanation why = Explanation.of(EnclaveJson.mapper().readTree("""
                {"item": {"aggregate": "growth", "sequence": 9, "type": "EnclaveFrozen", "at": "2026-11-23T09:04:00Z",
                          "actor": null, "via": "deadline"},
                 "origin": {"aggregate": "growth", "sequence": 9, "type": "EnclaveFrozen",
                            "at": "2026-11-23T09:04:00Z", "actor": null, "via": "deadline"},
                 "chain": [], "policy": [], "people": [], "related": [], "transitions": []}"""));

        assertThat(why.humanOrigin()).isFalse();
        assertThat(why.origin().actor()).isNull();
        assertThat(why.origin().way()).isEqualTo("by the suite, when a time limit came");
        assertThat(why.aggregate().href()).isEqualTo("/enclaves/growth");
    }

    @Test
    void whatASagaDidFollowsOnFromTheRequestThatSetItOff() {
        assertThat(EventWords.who("U0ALICE", "saga")).isEqualTo("by the suite, following on from U0ALICE's request");
        assertThat(EventWords.who("U0CAROL", "kafka:console")).isEqualTo("U0CAROL in the web console");
        assertThat(EventWords.who(null, null)).isEqualTo("by the suite");
    }

    @Test
    void anAgentPolicyLinksToTheAutonomyPage() {
        assertThat(EventWords.link("U0CAROL")).isEqualTo(new EventWords.Link("agent policy of U0CAROL", "/autonomy"));
        assertThat(EventWords.link("growth").href()).isEqualTo("/enclaves/growth");
    }
}
