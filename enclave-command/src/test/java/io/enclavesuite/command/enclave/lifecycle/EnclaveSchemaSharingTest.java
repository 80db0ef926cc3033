package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.command.enclave.tentacle.TentacleConflict;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.GrantSchemaAccess;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.RevokeSchemaAccess;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.SchemaAccessGranted;
import io.enclavesuite.api.tentacle.SchemaAccessRevoked;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleUpdated;
import io.enclavesuite.api.tentacle.UpdateTentacle;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.*;

/** A tentacle's owner shares its schema with another tentacle of the same enclave; the grants follow the tentacles. */
class EnclaveSchemaSharingTest {

    private static final TentacleName ETL = TentacleName.of("etl");
    private final AggregateTestFixture<Enclave> fixture = EnclaveFixtures.fixture();

    /** Dave's report (postgres), Alice's api (no postgres), Alice's etl (postgres). */
    private List<Object> threeTentacles() {
        return with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT), deployedService(ALICE, Mode.DEFAULT),
                new TentacleDeployed(ID, ETL, IMAGE, null, Mode.DEFAULT, ALICE, List.of(Dependency.POSTGRES), T0));
    }

    private SchemaAccessGranted reportReadByEtl() {
        return new SchemaAccessGranted(ID, REPORT, ETL, SchemaAccess.READ, T0);
    }

    @Test
    void theTentaclesOwnerSharesItsSchema() {
        fixture.given(threeTentacles())
               .when(new GrantSchemaAccess(ID, REPORT, ETL, SchemaAccess.READ), by(DAVE))
               .expectEvents(new SchemaAccessGranted(ID, REPORT, ETL, SchemaAccess.READ, T0, 0));
    }

    @Test
    void grantingAgainRecordsNothingAndAnotherLevelReplacesTheGrant() {
        fixture.given(with(threeTentacles(), reportReadByEtl()))
               .when(new GrantSchemaAccess(ID, REPORT, ETL, SchemaAccess.READ), by(DAVE))
               .expectNoEvents();
        fixture.given(with(threeTentacles(), reportReadByEtl()))
               .when(new GrantSchemaAccess(ID, REPORT, ETL, SchemaAccess.WRITE), by(ALICE))
               .expectEvents(new SchemaAccessGranted(ID, REPORT, ETL, SchemaAccess.WRITE, T0, 0));
    }

    @Test
    void aMemberWhoDoesNotOwnTheTentacleMayNotShareIt() {
        fixture.given(threeTentacles())
               .when(new GrantSchemaAccess(ID, REPORT, ETL, SchemaAccess.READ), by(BOB))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("only the owner of tentacle 'report' (U0DAVE) or of enclave 'growth' (U0ALICE) may "
                       + "share its schema")
               .expectNoEvents();
    }

    @Test
    void bothTentaclesMustBeInPostgres() {
        fixture.given(threeTentacles())
               .when(new GrantSchemaAccess(ID, REPORT, API, SchemaAccess.READ), by(DAVE))
               .expectException(TentacleConflict.class)
               .expectExceptionMessage("tentacle 'api' does not declare postgres: it has no schema to share or to be "
                       + "given")
               .expectNoEvents();
        fixture.given(threeTentacles())
               .when(new GrantSchemaAccess(ID, REPORT, TentacleName.of("ghost"), SchemaAccess.READ), by(DAVE))
               .expectException(TentacleConflict.class)
               .expectNoEvents();
    }

    @Test
    void notWhileFrozen() {
        fixture.given(with(threeTentacles(), new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0)))
               .when(new GrantSchemaAccess(ID, REPORT, ETL, SchemaAccess.READ), by(DAVE))
               .expectException(EnclaveStateConflict.class)
               .expectNoEvents();
    }

    @Test
    void aRevocationRemovesTheGrantOnceAndIsAllowedWhileFrozen() {
        fixture.given(with(threeTentacles(), reportReadByEtl(), new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0)))
               .when(new RevokeSchemaAccess(ID, REPORT, ETL), by(DAVE))
               .expectEvents(new SchemaAccessRevoked(ID, REPORT, ETL, T0));
        fixture.given(with(threeTentacles(), reportReadByEtl(), new SchemaAccessRevoked(ID, REPORT, ETL, T0)))
               .when(new RevokeSchemaAccess(ID, REPORT, ETL), by(DAVE))
               .expectNoEvents();
    }

    @Test
    void removingTheGranteeOrTheOwnerTakesTheGrantsAlong() {
        fixture.given(with(threeTentacles(), reportReadByEtl()))
               .when(new RemoveTentacle(ID, ETL), by(ALICE))
               .expectEvents(new TentacleRemoved(ID, ETL, T0, 0, ALICE), new SchemaAccessRevoked(ID, REPORT, ETL, T0));
        fixture.given(with(threeTentacles(), reportReadByEtl()))
               .when(new RemoveTentacle(ID, REPORT), by(DAVE))
               .expectEvents(new TentacleRemoved(ID, REPORT, T0, 0, DAVE), new SchemaAccessRevoked(ID, REPORT, ETL, T0));
    }

    @Test
    void aTentacleThatStopsUsingPostgresLosesItsGrants() {
        fixture.given(with(threeTentacles(), reportReadByEtl()))
               .when(new UpdateTentacle(ID, ETL, null, null, List.of()), by(ALICE))
               .expectEvents(new TentacleUpdated(ID, ETL, IMAGE, null, List.of(), T0),
                       new SchemaAccessRevoked(ID, REPORT, ETL, T0));
    }
}
