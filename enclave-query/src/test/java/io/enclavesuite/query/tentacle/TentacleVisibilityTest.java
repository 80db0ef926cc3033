package io.enclavesuite.query.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.query.ReadModelDatabase;
import io.enclavesuite.query.enclave.EnclaveFixture;
import io.enclavesuite.query.enclave.EnclaveChanges;
import io.enclavesuite.query.enclave.EnclaveViews;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which tentacles a reader sees, through both layers. In the member-edit enclave "growth" (owner Alice, members Bob
 * and Carol) Bob deployed "ledger" as {@code rwx------} and "shared" as {@code rwxrwx---}; in the open-read enclave
 * "public" Alice deployed "board" as {@code rwxrwxr--} and "internal" as {@code rwxrwx---}. Dave is in neither.
 */
class TentacleVisibilityTest {

    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final UserId DAVE = UserId.of("U0DAVE");

    private TentacleViews views;
    private EnclaveViews enclaveViews;

    @BeforeEach
    void tentaclesOfDifferentModes() {
        var jdbc = ReadModelDatabase.fresh();
        var enclaves = new EnclaveFixture(jdbc);
        var projection = new TentacleProjection(jdbc, new EnclaveChanges(jdbc));
        enclaves.active("growth", ALICE, Mode.MEMBER_EDIT, BOB, CAROL);
        enclaves.active("public", ALICE, Mode.OPEN_READ, BOB);
        projection.on(deployed("growth", "ledger", Mode.PRIVATE, BOB), enclaves.nextSequence("growth"));
        projection.on(deployed("growth", "shared", Mode.MEMBER_EDIT, BOB), enclaves.nextSequence("growth"));
        projection.on(deployed("public", "board", Mode.OPEN_READ, ALICE), enclaves.nextSequence("public"));
        projection.on(deployed("public", "internal", Mode.MEMBER_EDIT, ALICE), enclaves.nextSequence("public"));
        enclaveViews = new EnclaveViews(jdbc);
        views = new TentacleViews(jdbc, enclaveViews);
    }

    private static TentacleDeployed deployed(String enclave, String name, Mode mode, UserId owner) {
        return new TentacleDeployed(EnclaveId.of(enclave), TentacleName.of(name),
                ContainerImage.of("ghcr.io/acme/" + name + ":1.0.0"), null, mode, owner, List.of(), EnclaveFixture.T0);
    }

    private List<String> namesIn(String enclave, UserId reader) {
        return views.readableBy(enclave, reader).orElseThrow().stream().map(TentacleView::name).toList();
    }

    @Test
    void theTentaclesOwnerSeesTheirPrivateTentacle() {
        assertThat(namesIn("growth", BOB)).containsExactly("ledger", "shared");
        assertThat(views.find("growth", "ledger", BOB)).isPresent();
    }

    @Test
    void anotherMemberSeesAPrivateTentacleNeitherListedNorByName() {
        assertThat(namesIn("growth", CAROL)).containsExactly("shared");
        assertThat(views.find("growth", "ledger", CAROL)).isEmpty();
    }

    @Test
    void theEnclaveOwnerSeesEveryTentacleWhateverItsMode() {
        assertThat(namesIn("growth", ALICE)).containsExactly("ledger", "shared");
        assertThat(views.find("growth", "ledger", ALICE)).isPresent();
    }

    @Test
    void someoneOutsideAMemberEditEnclaveMayNotListItsTentacles() {
        assertThat(views.readableBy("growth", DAVE)).isEmpty();
        assertThat(views.find("growth", "shared", DAVE)).isEmpty();
    }

    @Test
    void inAnOpenReadEnclaveAnOutsiderSeesOnlyTentaclesOpenToOthers() {
        assertThat(namesIn("public", DAVE)).containsExactly("board");
        assertThat(views.find("public", "internal", DAVE)).isEmpty();
    }

    @Test
    void anEnclaveCountsOnlyTheTentaclesTheReaderMayView() {
        assertThat(enclaveViews.find("growth", CAROL).orElseThrow().tentacleCount()).isEqualTo(1);
        assertThat(enclaveViews.find("growth", BOB).orElseThrow().tentacleCount()).isEqualTo(2);
        assertThat(enclaveViews.readableBy(DAVE)).singleElement()
                .satisfies(view -> assertThat(view.tentacleCount()).isEqualTo(1));
        assertThat(enclaveViews.find("growth").orElseThrow().tentacleCount()).isEqualTo(2); // whoever asks: all
    }

    @Test
    void theTentaclesOfAnUnknownEnclaveAreAbsent() {
        assertThat(views.readableBy("nowhere", ALICE)).isEmpty();
        assertThat(views.find("growth", "nothing", ALICE)).isEmpty();
    }
}
