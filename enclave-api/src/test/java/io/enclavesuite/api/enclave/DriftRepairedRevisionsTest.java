package io.enclavesuite.api.enclave;

import io.enclavesuite.api.EnclaveJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** DriftRepaired of revision 1, as the event stores hold it, reads as revision 2 with nobody named. */
class DriftRepairedRevisionsTest {

    /** The approved JSON of DriftRepaired@1. */
    private static final String REVISION_1 = """
            {"enclaveId":"growth","kind":"NetworkPolicy","name":"default-deny","change":"missing",
             "at":"2026-11-22T10:00:00Z"}""";

    @Test
    void aRepairOfRevisionOneReadsWithNobodyNamedAsTheChanger() throws Exception {
        assertThat(EnclaveJson.mapper().readValue(REVISION_1, DriftRepaired.class)).isEqualTo(new DriftRepaired(
                EnclaveId.of("growth"), "NetworkPolicy", "default-deny", "missing", null,
                Instant.parse("2026-11-22T10:00:00Z")));
    }
}
