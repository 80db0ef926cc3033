package io.enclavesuite.eventtopics;

import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.api.service.SharedServiceReady;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SuiteEventTypesTest {

    private static final SuiteEventTypes types = SuiteEventTypes.scan();

    @Test
    void theSuitesEventsOfEveryFeatureAreAllowed() {
        assertThat(types.names()).contains(EnclaveProvisioningStarted.class.getName(),
                CoordinationCreated.class.getName(), ReceiptIssued.class.getName(), SharedServiceReady.class.getName());
        assertThat(types.refusal(EnclaveProvisioningStarted.class.getName())).isEmpty();
    }

    @Test
    void everyAllowedTypeIsARevisedRecordOfEnclaveApi() throws Exception {
        assertThat(types.names()).hasSizeGreaterThan(30);
        for (String name : types.names()) {
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            assertThat(type.isRecord()).as(name).isTrue();
            assertThat(type.isAnnotationPresent(Revision.class)).as(name).isTrue();
            assertThat(name).startsWith("io.enclavesuite.api.");
        }
    }

    @Test
    void commandsValuesAndEverythingElseAreRefused() {
        assertThat(types.refusal(ProvisionEnclave.class.getName())).isPresent();
        assertThat(types.refusal(EnclaveId.class.getName())).isPresent();
        assertThat(types.refusal(CommandEnvelope.class.getName())).isPresent();
        assertThat(types.refusal("java.net.URL")).contains("event type \"java.net.URL\" is not one of the suite's events");
        assertThat(types.refusal("io.enclavesuite.api.enclave.NoSuchEvent")).isPresent();
        assertThat(types.refusal(null)).contains("the record names no event type (no axon-message-type header)");
    }

    @Test
    void aTypeNameCannotForgeALogLine() {
        String forged = "java.net.URL\n2026-12-06 INFO  [main] enclave-query: all good";

        String reason = types.refusal(forged).orElseThrow();

        assertThat(reason).doesNotContain("\n").contains("java.net.URL\\n2026-12-06 INFO");
    }

    @Test
    void untrustedTextIsQuotedEscapedAndCut() {
        assertThat(UntrustedText.quote("a\"b\\c\r\n\t\u0007\u2028é")).isEqualTo("\"a\\\"b\\\\c\\r\\n\\t\\u0007\\u2028\\u00e9\"");
        assertThat(UntrustedText.quote("x".repeat(500))).startsWith("\"" + "x".repeat(200) + "\"")
                .endsWith("(500 characters)");
        assertThat(UntrustedText.quote(null)).isEqualTo("null");
    }
}
