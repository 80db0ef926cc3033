package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.NotFound;
import io.enclavesuite.query.ReadModelDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The enclave endpoints over the real views on a test database: answers, and problem documents for 404 and 401. */
class EnclaveControllerTest {

    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");

    private MockMvc api;

    @BeforeEach
    void enclaves() {
        JdbcTemplate jdbc = ReadModelDatabase.fresh();
        EnclaveFixture enclaves = new EnclaveFixture(jdbc);
        enclaves.active("growth", ALICE, Mode.MEMBER_READ, BOB);
        enclaves.active("secret", ALICE, Mode.PRIVATE, BOB);
        api = ApiMockMvc.of(new EnclaveController(new EnclaveViews(jdbc)));
    }

    @Test
    void theOwnerSeesTheirPrivateEnclave() throws Exception {
        api.perform(get("/api/enclaves/secret").with(reader("U0ALICE")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ACTIVE"))
                .andExpect(jsonPath("$.mode").value("rwx------"))
                .andExpect(jsonPath("$.members[0]").value("U0BOB"))
                .andExpect(jsonPath("$.activatedAt").value("2026-11-22T10:00:00Z"));
    }

    @Test
    void aReaderWhoMayViewTheEnclaveSeesIt() throws Exception {
        api.perform(get("/api/enclaves/growth").with(reader("U0BOB")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("growth"));
    }

    @Test
    void anEnclaveHiddenFromTheReaderAnswersLikeAMissingOne() throws Exception {
        api.perform(get("/api/enclaves/secret").with(reader("U0BOB")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Enclave not found"))
                .andExpect(jsonPath("$.detail").value("no enclave named 'secret'"));
        NotFound.assertHiddenAnswersLikeUnknown(api, "U0BOB", "/api/enclaves/secret", "/api/enclaves/nobody");
    }

    @Test
    void anUnknownEnclaveIsAProblemDocument() throws Exception {
        api.perform(get("/api/enclaves/nobody").with(reader("U0ALICE")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("no enclave named 'nobody'"));
    }

    @Test
    void theListShowsWhatTheReaderMayView() throws Exception {
        api.perform(get("/api/enclaves").with(reader("U0BOB")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].name").value("growth"));
    }

    @Test
    void theReaderParameterNamesNoOneAnyMore() throws Exception {
        api.perform(get("/api/enclaves/secret").param("reader", "U0ALICE"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        api.perform(get("/api/enclaves/secret").param("reader", "U0ALICE").with(reader("U0BOB")))
                .andExpect(status().isNotFound());
    }

    @Test
    void withoutATokenEveryEndpointIsAProblemDocumentAskingForOne() throws Exception {
        api.perform(get("/api/enclaves"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.detail").value(containsString("Authorization: Bearer")));
    }
}
