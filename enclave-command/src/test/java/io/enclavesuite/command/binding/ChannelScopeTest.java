package io.enclavesuite.command.binding;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.CompleteProvisioning;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.command.enclave.lifecycle.EnclaveLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channel scoping against the real binding table (the service's own migrations on real PostgreSQL), and the bound
 * channels it keeps so that not every command reads the table.
 */
class ChannelScopeTest {

    private final AtomicInteger bindingReads = new AtomicInteger();
    private JdbcTemplate jdbc;
    private ChannelBindings bindings;
    private ChannelScope scope;

    @BeforeEach
    void bindGrowthToItsChannel() {
        JdbcTemplate migrated = CommandDatabase.migrated();
        jdbc = new JdbcTemplate(migrated.getDataSource()) {
            @Override
            public <T> List<T> queryForList(String sql, Class<T> elementType, Object... args) {
                bindingReads.incrementAndGet();
                return super.queryForList(sql, elementType, args);
            }
        };
        jdbc.update("insert into channel_binding (channel_id, enclave) values ('C0GROWTH', 'growth')");
        bindings = new ChannelBindings(jdbc, EnclaveLimits.DEFAULTS);
        scope = new ChannelScope(bindings);
    }

    private static CommandEnvelope from(String channel) {
        return new CommandEnvelope(UUID.randomUUID(), "Any", JsonNodeFactory.instance.objectNode(), "U0ALICE", channel,
                Instant.parse("2026-11-22T10:00:00Z"));
    }

    private static ProvisionEnclave provision(String enclave, String channel) {
        return new ProvisionEnclave(EnclaveId.of(enclave), new ChannelRef(ChannelId.of(channel), enclave),
                UserId.of("U0ALICE"), null, null);
    }

    @Test
    void aCommandFromTheEnclavesOwnChannelProceeds() {
        assertThat(scope.refusal(from("C0GROWTH"), new CompleteProvisioning(EnclaveId.of("growth"), "ns"), "growth"))
                .isEmpty();
    }

    @Test
    void aCommandFromAnotherChannelIsRefusedBeforeTheAggregate() {
        assertThat(scope.refusal(from("C0OTHER"), new CompleteProvisioning(EnclaveId.of("growth"), "ns"), "growth"))
                .contains("enclave 'growth' belongs to channel C0GROWTH; a request from channel C0OTHER cannot act on it");
    }

    @Test
    void anEnclavesChannelIsReadOnceAndThenKnown() {
        for (int i = 0; i < 3; i++) {
            assertThat(scope.refusal(from("C0OTHER"), new CompleteProvisioning(EnclaveId.of("growth"), "ns"), "growth"))
                    .contains("enclave 'growth' belongs to channel C0GROWTH; "
                            + "a request from channel C0OTHER cannot act on it");
        }
        assertThat(bindingReads).hasValue(1);
    }

    @Test
    void aBindingSeenInsideATransactionThatRollsBackIsNotKept() {
        TransactionTemplate transaction =
                new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        transaction.executeWithoutResult(status -> {
            jdbc.update("insert into channel_binding (channel_id, enclave) values ('C0DRAFT', 'draft')");
            assertThat(bindings.channelOf("draft")).contains("C0DRAFT");
            status.setRollbackOnly();
        });

        assertThat(bindings.channelOf("draft")).isEmpty();
        assertThat(scope.refusal(from("C0ELSEWHERE"), new CompleteProvisioning(EnclaveId.of("draft"), "ns"), "draft"))
                .isEmpty();
    }

    @Test
    void anUnboundEnclaveIsAskedForAgain() {
        assertThat(bindings.channelOf("later")).isEmpty();
        jdbc.update("insert into channel_binding (channel_id, enclave) values ('C0LATER', 'later')");

        assertThat(bindings.channelOf("later")).contains("C0LATER");
    }

    @Test
    void anInternalServiceWithoutAChannelIsNotChannelScoped() {
        assertThat(scope.refusal(from(null), new CompleteProvisioning(EnclaveId.of("growth"), "ns"), "growth")).isEmpty();
    }

    @Test
    void provisioningABoundChannelNamesTheEnclaveItHas() {
        assertThat(scope.refusal(from("C0GROWTH"), provision("growth-two", "C0GROWTH"), "growth-two"))
                .contains("channel C0GROWTH already has an enclave: 'growth'");
    }

    @Test
    void reProvisioningTheSameEnclaveOnItsChannelProceeds() {
        assertThat(scope.refusal(from("C0GROWTH"), provision("growth", "C0GROWTH"), "growth")).isEmpty();
    }

    @Test
    void aFreeChannelMayProvision() {
        assertThat(scope.refusal(from("C0NEW"), provision("fresh", "C0NEW"), "fresh")).isEmpty();
    }
}
