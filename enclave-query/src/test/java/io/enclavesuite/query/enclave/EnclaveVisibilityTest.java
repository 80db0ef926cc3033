package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveModeChanged;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.query.ReadModelDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which enclaves a reader sees, by the enclave's mode and the reader's role in it: Alice owns one private, one
 * member-read and one open-read enclave with Bob as a member; Bob owns a private one of his own; Dave is in none.
 */
class EnclaveVisibilityTest {

    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId DAVE = UserId.of("U0DAVE");

    private EnclaveViews views;
    private EnclaveFixture enclaves;
    private JdbcTemplate jdbc;

    @BeforeEach
    void enclavesOfEveryMode() {
        jdbc = ReadModelDatabase.fresh();
        views = new EnclaveViews(jdbc);
        enclaves = new EnclaveFixture(jdbc);
        enclaves.active("open", ALICE, Mode.OPEN_READ, BOB);
        enclaves.active("member-only", ALICE, Mode.MEMBER_READ, BOB);
        enclaves.active("alices-own", ALICE, Mode.PRIVATE, BOB);
        enclaves.active("bobs-own", BOB, Mode.PRIVATE);
    }

    private String[] namesReadableBy(UserId reader) {
        return views.readableBy(reader).stream().map(EnclaveView::name).toArray(String[]::new);
    }

    @Test
    void theOwnerListsTheirEnclavesWhateverTheModeSortedByName() {
        assertThat(namesReadableBy(ALICE)).containsExactly("alices-own", "member-only", "open");
    }

    @Test
    void aMemberListsTheEnclavesWhoseModeLetsMembersRead() {
        assertThat(namesReadableBy(BOB)).containsExactly("bobs-own", "member-only", "open");
    }

    @Test
    void someoneInNoEnclaveListsOnlyOpenReadOnes() {
        assertThat(namesReadableBy(DAVE)).containsExactly("open");
    }

    @Test
    void anEnclaveTheReaderMayNotViewIsAbsentLikeAMissingOne() {
        assertThat(views.find("alices-own", DAVE)).isEmpty();
        assertThat(views.find("alices-own", BOB)).isEmpty();
        assertThat(views.find("no-such-enclave", ALICE)).isEmpty();
        assertThat(views.find("alices-own", ALICE)).isPresent();
    }

    @Test
    void aModeChangeDecidesFromTheNextRead() {
        new EnclaveProjection(jdbc, new EnclaveChanges(jdbc)).on(new EnclaveModeChanged(
                        EnclaveId.of("member-only"), Mode.MEMBER_READ, Mode.PRIVATE, EnclaveFixture.T0),
                enclaves.nextSequence("member-only"));

        assertThat(namesReadableBy(BOB)).containsExactly("bobs-own", "open");
    }
}
