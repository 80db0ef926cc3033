package io.enclavesuite.query.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.NotFound;
import io.enclavesuite.query.ReadModelDatabase;
import io.enclavesuite.query.enclave.EnclaveFixture;
import io.enclavesuite.query.enclave.EnclaveChanges;
import io.enclavesuite.query.enclave.EnclaveViews;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;

import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The tentacle endpoints over the real views on a test database. In "growth" (member-edit; owner Alice, members
 * Bob and Carol) Bob deployed "ledger" as {@code rwx------} and "shared" with the default mode.
 */
class TentacleControllerTest {

    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");

    private MockMvc api;

    @BeforeEach
    void tentacles() {
        var jdbc = ReadModelDatabase.fresh();
        var enclaves = new EnclaveFixture(jdbc);
        var projection = new TentacleProjection(jdbc, new EnclaveChanges(jdbc));
        enclaves.active("growth", ALICE, Mode.MEMBER_EDIT, BOB, CAROL);
        projection.on(new TentacleDeployed(EnclaveId.of("growth"), TentacleName.of("ledger"),
                ContainerImage.of("ghcr.io/acme/ledger:2.0.1"), CronSchedule.of("@daily"), Mode.PRIVATE, BOB,
                List.of(Dependency.POSTGRES), EnclaveFixture.T0), enclaves.nextSequence("growth"));
        projection.on(new TentacleDeployed(EnclaveId.of("growth"), TentacleName.of("shared"),
                ContainerImage.of("ghcr.io/acme/shared:1.0.0"), null, Mode.DEFAULT, BOB, List.of(),
                EnclaveFixture.T0), enclaves.nextSequence("growth"));
        api = ApiMockMvc.of(new TentacleController(new TentacleViews(jdbc, new EnclaveViews(jdbc))));
    }

    @Test
    void theListLeavesOutWhatTheReaderMayNotView() throws Exception {
        api.perform(get("/api/enclaves/growth/tentacles").with(reader("U0CAROL")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].name").value("shared"));
    }

    @Test
    void theTentaclesOwnerSeesItsDetails() throws Exception {
        api.perform(get("/api/enclaves/growth/tentacles/ledger").with(reader("U0BOB")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.image").value("ghcr.io/acme/ledger:2.0.1"))
                .andExpect(jsonPath("$.schedule").value("@daily"))
                .andExpect(jsonPath("$.dependencies[0]").value("postgres"))
                .andExpect(jsonPath("$.owner").value("U0BOB"));
    }

    @Test
    void aTentacleHiddenFromTheReaderAnswersLikeAMissingOne() throws Exception {
        api.perform(get("/api/enclaves/growth/tentacles/ledger").with(reader("U0CAROL")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Tentacle not found"))
                .andExpect(jsonPath("$.detail").value("no tentacle named 'ledger' in enclave 'growth'"));
        api.perform(get("/api/enclaves/growth/tentacles/nothing").with(reader("U0CAROL")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("no tentacle named 'nothing' in enclave 'growth'"));
        NotFound.assertHiddenAnswersLikeUnknown(api, "U0CAROL", "/api/enclaves/growth/tentacles/ledger",
                "/api/enclaves/growth/tentacles/nothing");
        NotFound.assertHiddenAnswersLikeUnknown(api, "U0DAVE", "/api/enclaves/growth/tentacles/shared",
                "/api/enclaves/nowhere/tentacles/shared");
    }

    @Test
    void anEnclaveWhoseTentaclesTheReaderMayNotListIsNotFound() throws Exception {
        api.perform(get("/api/enclaves/growth/tentacles").with(reader("U0DAVE")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("no enclave named 'growth'"));
        NotFound.assertHiddenAnswersLikeUnknown(api, "U0DAVE", "/api/enclaves/growth/tentacles",
                "/api/enclaves/nowhere/tentacles");
    }

    @Test
    void aTokenForSomeoneWhoIsNoSlackUserIsRefusedSayingSo() throws Exception {
        api.perform(get("/api/enclaves/growth/tentacles/shared").with(reader("u0bob")))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("the token's sub 'u0bob' is not a Slack user id")));
    }

    @Test
    void tentaclesNeedAToken() throws Exception {
        api.perform(get("/api/enclaves/growth/tentacles"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("bearer token")));
    }
}
