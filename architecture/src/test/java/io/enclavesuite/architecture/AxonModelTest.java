package io.enclavesuite.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregate and saga rules see what they should: an entity or a state class the predicates missed would pass
 * "aggregates do no I/O" unseen. Named here, so a moved or renamed one fails this test rather than escaping the rule.
 */
class AxonModelTest {

    private static JavaClasses suite;

    @BeforeAll
    static void importTheSuite() {
        suite = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.enclavesuite");
    }

    @Test
    void aggregatesTheirEntitiesAndWhatTheyExtendAreAggregates() {
        assertThat(named(List.of(
                "io.enclavesuite.command.enclave.lifecycle.Enclave",
                "io.enclavesuite.command.enclave.lifecycle.Deprovisioning",
                "io.enclavesuite.command.enclave.membership.Membership",
                "io.enclavesuite.command.enclave.tentacle.Tentacle",
                "io.enclavesuite.command.enclave.services.ServiceReadiness",
                "io.enclavesuite.coordination.meeting.Coordination",
                "io.enclavesuite.coordination.meeting.CoordinationState",
                "io.enclavesuite.coordination.policy.AgentPolicy")))
                .allSatisfy(javaClass -> assertThat(AxonModel.AGGREGATES.test(javaClass))
                        .as("%s is held to the aggregate rules", javaClass.getName()).isTrue());
        assertThat(AxonModel.AGGREGATES.test(suite.get("io.enclavesuite.coordination.meeting.RoomKeyCommands")))
                .as("the command handler around Coordination is not an aggregate").isFalse();
    }

    @Test
    void everySagaIsASaga() {
        assertThat(named(List.of(
                "io.enclavesuite.command.enclave.lifecycle.ProvisioningSaga",
                "io.enclavesuite.command.enclave.lifecycle.DeprovisioningSaga",
                "io.enclavesuite.command.enclave.tentacle.TentacleSaga",
                "io.enclavesuite.command.enclave.tentacle.SchemaRetentionSaga",
                "io.enclavesuite.command.enclave.services.ObjectStorageSaga",
                "io.enclavesuite.coordination.policy.AuthorizationSaga")))
                .allSatisfy(javaClass -> assertThat(AxonModel.SAGAS.test(javaClass))
                        .as("%s is held to the saga rules", javaClass.getName()).isTrue());
    }

    private static List<JavaClass> named(List<String> names) {
        return names.stream().map(suite::get).toList();
    }
}
