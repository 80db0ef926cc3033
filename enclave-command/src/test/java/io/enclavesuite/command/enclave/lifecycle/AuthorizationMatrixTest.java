package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.access.Decision;
import io.enclavesuite.api.access.EnclaveAccess;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.access.TentacleAccess;
import io.enclavesuite.api.enclave.FreezeEnclave;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.RequestDeprovision;
import io.enclavesuite.api.enclave.SetEnclaveMode;
import io.enclavesuite.api.enclave.TransferOwnership;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ChownTentacle;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.DeployTentacle;
import io.enclavesuite.api.tentacle.GrantSchemaAccess;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.RunTentacle;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.SetTentacleMode;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.UpdateTentacle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every caller × enclave preset × tentacle preset × operation, checked against an oracle written here from the
 * rules as the issue states them — which preset grants what to whom, in words — not from the implementation's rwx
 * parsing. Each case runs through {@link EnclaveAccess} (what the read side uses) and, for operations that are
 * commands, through the Enclave aggregate itself.
 * <p>
 * The callers: Alice owns the enclave; Bob is a member; Dave is a member who deployed the tentacle; Eve is neither.
 */
class AuthorizationMatrixTest {

    private static final List<String> PRESETS = List.of("private", "member-read", "member-edit", "open-read", "open-run");
    private static final Set<Character> ALL = Set.of('r', 'w', 'x');
    private static final Set<Character> NONE = Set.of();

    // From the preset table: private rwx------, member-read rwxr-x---, member-edit rwxrwx---, open-read rwxrwxr--,
    // open-run rwxrwxr-x. The owner triad is rwx in every preset.
    private static final Map<String, Set<Character>> MEMBERS_GET = Map.of(
            "private", NONE, "member-read", Set.of('r', 'x'), "member-edit", ALL, "open-read", ALL, "open-run", ALL);
    private static final Map<String, Set<Character>> OTHERS_GET = Map.of(
            "private", NONE, "member-read", NONE, "member-edit", NONE, "open-read", Set.of('r'),
            "open-run", Set.of('r', 'x'));

    private static final Mode UNUSED_MODE = Mode.parse("rwxr-----");

    enum Caller {
        ALICE_OWNER(EnclaveFixtures.ALICE), BOB_MEMBER(EnclaveFixtures.BOB), DAVE_DEPLOYER(EnclaveFixtures.DAVE),
        EVE_OTHER(EnclaveFixtures.EVE);

        final UserId user;

        Caller(UserId user) {
            this.user = user;
        }
    }

    /** What the oracle expects: allowed, or denied in a layer for a bit (null layer = an owner-only rule). */
    record Expected(boolean allowed, String layer, Character bit) {
        static final Expected ALLOWED = new Expected(true, null, null);
        static final Expected OWNER_ONLY = new Expected(false, null, null);
    }

    static Expected oracle(Caller caller, String enclavePreset, String tentaclePreset, Operation operation) {
        if (caller == Caller.ALICE_OWNER) {
            return Expected.ALLOWED; // superuser in her enclave
        }
        switch (operation) {
            case SET_ENCLAVE_MODE, TRANSFER_OWNERSHIP, FREEZE, DEPROVISION -> {
                return Expected.OWNER_ONLY;
            }
            case SET_TENTACLE_MODE, CHOWN_TENTACLE, SHARE_SCHEMA -> {
                return caller == Caller.DAVE_DEPLOYER ? Expected.ALLOWED : Expected.OWNER_ONLY;
            }
            default -> {
                // falls through to the two layers below
            }
        }
        char bit = switch (operation) {
            case VIEW_ENCLAVE, LIST_TENTACLES, VIEW_TENTACLE -> 'r';
            case DEPLOY_TENTACLE, UPDATE_TENTACLE, REMOVE_TENTACLE -> 'w';
            case RUN_TENTACLE -> 'x';
            default -> throw new AssertionError(operation);
        };
        boolean member = caller != Caller.EVE_OTHER;
        Set<Character> enclaveGrants = (member ? MEMBERS_GET : OTHERS_GET).get(enclavePreset);
        if (!enclaveGrants.contains(bit)) {
            return new Expected(false, "enclave", bit);
        }
        boolean onTentacle = switch (operation) {
            case VIEW_TENTACLE, UPDATE_TENTACLE, REMOVE_TENTACLE, RUN_TENTACLE -> true;
            default -> false;
        };
        if (!onTentacle) {
            return Expected.ALLOWED;
        }
        Set<Character> tentacleGrants = caller == Caller.DAVE_DEPLOYER ? ALL
                : (member ? MEMBERS_GET : OTHERS_GET).get(tentaclePreset);
        return tentacleGrants.contains(bit) ? Expected.ALLOWED : new Expected(false, "tentacle", bit);
    }

    static Stream<Arguments> everyCase() {
        List<Arguments> cases = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            for (String enclavePreset : PRESETS) {
                for (String tentaclePreset : PRESETS) {
                    for (Operation operation : Operation.values()) {
                        cases.add(Arguments.of(caller, enclavePreset, tentaclePreset, operation));
                    }
                }
            }
        }
        return cases.stream();
    }

    @Test
    void theMatrixCoversThreeRolesAndTheDeployerOverAllPresetsAndOperations() {
        assertThat(everyCase()).hasSize(4 * 5 * 5 * Operation.values().length);
        assertThat(Operation.values()).hasSize(14);
    }

    @ParameterizedTest(name = "{0} in a {1} enclave on a {2} tentacle: {3}")
    @MethodSource("everyCase")
    void accessFollowsTheRules(Caller caller, String enclavePreset, String tentaclePreset, Operation operation) {
        Expected expected = oracle(caller, enclavePreset, tentaclePreset, operation);
        Mode enclaveMode = Mode.parse(enclavePreset);
        Mode tentacleMode = Mode.parse(tentaclePreset);

        EnclaveAccess access = new EnclaveAccess(ID, ALICE, Set.of(BOB, DAVE), enclaveMode);
        Decision decision = access.decide(Optional.of(caller.user), operation,
                operation.onTentacle() ? new TentacleAccess(REPORT, DAVE, tentacleMode) : null);
        assertThat(decision.allowed()).as("EnclaveAccess").isEqualTo(expected.allowed());
        if (decision instanceof Decision.Denied denied) {
            assertDenialExplains(denied.reason(), expected);
        }

        commandFor(operation).ifPresent(command -> {
            var given = with(List.of(started(enclaveMode), activated(), registered(BOB), registered(DAVE)),
                    deployedCron(DAVE, tentacleMode));
            if (operation == Operation.SHARE_SCHEMA) { // a second tentacle in PostgreSQL to share with
                given.add(new TentacleDeployed(ID, API, IMAGE, null, Mode.DEFAULT, ALICE, List.of(Dependency.POSTGRES), T0));
            }
            var result = fixture().given(given).when(command, by(caller.user));
            if (expected.allowed()) {
                result.expectSuccessfulHandlerExecution();
            } else {
                result.expectException(AccessDenied.class).expectNoEvents();
                result.expectException(org.hamcrest.Matchers.hasProperty("message",
                        org.hamcrest.Matchers.equalTo(((Decision.Denied) decision).reason())));
            }
        });
    }

    private static void assertDenialExplains(String reason, Expected expected) {
        if (expected.layer() == null) {
            assertThat(reason).startsWith("only the owner of");
        } else {
            assertThat(reason).contains(expected.layer() + " layer").endsWith("no '" + expected.bit() + "'");
        }
    }

    private static Optional<Object> commandFor(Operation operation) {
        return Optional.ofNullable(switch (operation) {
            case VIEW_ENCLAVE, LIST_TENTACLES, VIEW_TENTACLE -> null; // reads: the query side asks EnclaveAccess
            case DEPLOY_TENTACLE -> new DeployTentacle(ID, API, IMAGE, null, null, null);
            case UPDATE_TENTACLE -> new UpdateTentacle(ID, REPORT, ContainerImage.of("ghcr.io/acme/report:9.9.9"),
                    null, null);
            case REMOVE_TENTACLE -> new RemoveTentacle(ID, REPORT);
            case RUN_TENTACLE -> new RunTentacle(ID, REPORT);
            case SET_TENTACLE_MODE -> new SetTentacleMode(ID, REPORT, UNUSED_MODE);
            case CHOWN_TENTACLE -> new ChownTentacle(ID, REPORT, BOB);
            case SHARE_SCHEMA -> new GrantSchemaAccess(ID, REPORT, API, SchemaAccess.READ);
            case SET_ENCLAVE_MODE -> new SetEnclaveMode(ID, UNUSED_MODE);
            case TRANSFER_OWNERSHIP -> new TransferOwnership(ID, BOB);
            case FREEZE -> new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST);
            case DEPROVISION -> new RequestDeprovision(ID);
        });
    }
}
