package io.enclavesuite.slack.notify;

import io.enclavesuite.api.enclave.DriftDetected;
import io.enclavesuite.api.enclave.EnclaveId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the channel reads of drift the reconciler did not put right: a refusal, and a posture finding. */
class DriftNoticeWordsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    @Test
    void aRefusedRepairSaysTheApiServerRefused() {
        assertThat(DriftNotices.detected(new DriftDetected(EnclaveId.of("growth"), "NetworkPolicy", "default-deny",
                "missing", null, "403 networkpolicies is forbidden", T0)))
                .isEqualTo(":warning: NetworkPolicy `default-deny` was deleted by someone the API server does not name: "
                        + "*not* put back, the API server refused (403 networkpolicies is forbidden)");
    }

    @Test
    void aPostureFindingSaysWhatTheBindingGrantsAndThatItIsLeftInPlace() {
        assertThat(DriftNotices.detected(new DriftDetected(EnclaveId.of("growth"), "RoleBinding", "eve-admin",
                "posture: grants ClusterRole admin to User <eve> beside the suite's own rights", "kubectl-create",
                "not the suite's object: left in place for whoever made it to remove", T0)))
                .isEqualTo(":warning: RoleBinding `eve-admin`, added by kubectl-create, grants ClusterRole admin to "
                        + "User &lt;eve&gt; beside the suite's own rights: left in place, it is not the suite's to "
                        + "remove");
    }
}
