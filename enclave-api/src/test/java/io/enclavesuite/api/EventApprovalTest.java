package io.enclavesuite.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.ApprovalDeferred;
import io.enclavesuite.api.coordination.AutonomyBudgetExhausted;
import io.enclavesuite.api.coordination.AutonomyBudgetReset;
import io.enclavesuite.api.coordination.AutonomyBudgetSet;
import io.enclavesuite.api.coordination.AutonomyBudgetSpent;
import io.enclavesuite.api.coordination.AutonomyLevel;
import io.enclavesuite.api.coordination.AutonomyLevelSet;
import io.enclavesuite.api.coordination.CoordinationInitiated;
import io.enclavesuite.api.coordination.IdentityTrusted;
import io.enclavesuite.api.coordination.IdentityUntrusted;
import io.enclavesuite.api.coordination.InboundRateLimitSet;
import io.enclavesuite.api.coordination.InvitationEvaluated;
import io.enclavesuite.api.coordination.InvitationRateLimited;
import io.enclavesuite.api.coordination.PolicyOutcome;
import io.enclavesuite.api.coordination.TrustLabel;
import io.enclavesuite.api.coordination.TrustedIdentity;
import io.enclavesuite.api.coordination.WeeklyBudget;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRuleAdded;
import io.enclavesuite.api.coordination.AutonomyRuleRemoved;
import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationDataShredded;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.SlotAccepted;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.WindowsAcknowledged;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.DeprovisionRequested;
import io.enclavesuite.api.enclave.DriftDetected;
import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveAccessOverridden;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveModeChanged;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.FreezeReasonLifted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.MemberRemovalReason;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.api.service.SharedServiceFailed;
import io.enclavesuite.api.service.SharedServiceReady;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.SchemaAccessGranted;
import io.enclavesuite.api.tentacle.SchemaAccessRevoked;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleModeChanged;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.api.tentacle.TentacleUpdated;
import io.enclavesuite.api.tentacle.TentacleWorkloadFailed;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every event is stored forever under its type name and revision, replayed by every read model and hashed into
 * receipts, so its name and JSON are pinned here against {@value #APPROVED}: a moved, renamed or reshaped event fails
 * the build. The events are found the way the suite finds them (io.enclavesuite.eventtopics.SuiteEventTypes: records
 * with {@link Revision} under io.enclavesuite.api), and each needs one sample below. To approve a new event or a new
 * revision deliberately, run with {@code -Denclave.approve-events=true} (see {@link #APPROVE}); only that rewrites
 * the file.
 */
class EventApprovalTest {

    static final String APPROVED = "events/approved-events.json";
    /** The one switch that rewrites the approved file; a normal run only reads it. */
    static final String APPROVE = "enclave.approve-events";
    private static final RoomPublicKey ROOM_KEY = new RoomPublicKey("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
    private static final String APPROVE_COMMAND =
            "./mvnw -B -o -pl enclave-api test -Dtest=EventApprovalTest -D" + APPROVE + "=true";

    private static final ObjectMapper json = EnclaveJson.mapper();

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    private static final EnclaveId GROWTH = EnclaveId.of("growth");
    private static final ChannelId CHANNEL = ChannelId.of("C0GROWTH");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final TentacleName REPORT = TentacleName.of("report");
    private static final TentacleName API = TentacleName.of("api");
    private static final ContainerImage IMAGE = ContainerImage.of("ghcr.io/acme/report:1.0.0");
    private static final CronSchedule NIGHTLY = CronSchedule.of("0 2 * * *");
    private static final CoordinationId ROOM = CoordinationId.of("room-3f2b6c1e-8d4a-4b7e-9c21-5a0f6e7d8b90");
    private static final TimeWindow SLOT = new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"), Confidence.HIGH);
    private static final SealedSlot SEALED_SLOT = new SealedSlot("c2VhbGVkLXNsb3Q");

    /**
     * One sample per event, with fixed values and no null anywhere. The services store events with Spring Boot's
     * ObjectMapper (Axon's JacksonSerializer), which writes these as EnclaveJson does, except that the services set to
     * {@code default-property-inclusion: non_null} leave null fields out: only null-free samples pin what every service
     * stores — and every field shows in the approved JSON.
     */
    static List<Object> samples() {
        return List.of(
                // team enclave
                new EnclaveProvisioningStarted(GROWTH, new ChannelRef(CHANNEL, "growth"), ALICE, QuotaPreset.SMALL,
                        Mode.PRIVATE, "enclave-growth", T),
                new EnclaveActivated(GROWTH, "enclave-growth", T),
                new EnclaveProvisioningFailed(GROWTH, "namespace quota refused", T),
                new ChannelRenamed(GROWTH, CHANNEL, "growth", "growth-team", T),
                new EnclaveFrozen(GROWTH, FreezeReason.CHANNEL_ARCHIVED, T),
                new EnclaveUnfrozen(GROWTH, FreezeReason.CHANNEL_ARCHIVED, T),
                new FreezeReasonLifted(GROWTH, FreezeReason.CHANNEL_ARCHIVED, List.of(FreezeReason.OWNER_REQUEST), T),
                new MemberRegistered(GROWTH, BOB, T),
                new MemberRemoved(GROWTH, BOB, T, MemberRemovalReason.LEFT_CHANNEL),
                new EnclaveOwnershipTransferred(GROWTH, ALICE, BOB, T),
                new EnclaveModeChanged(GROWTH, Mode.PRIVATE, Mode.MEMBER_READ, T),
                new DriftRepaired(GROWTH, "NetworkPolicy", "default-deny", "missing", "kubectl-edit", T),
                new DriftDetected(GROWTH, "ResourceQuota", "enclave-quota", "changed: spec.hard.pods 99→20", "kubectl-edit",
                        "403 Forbidden: resourcequotas is forbidden", T),
                new EnclaveAccessOverridden(GROWTH, BOB, "enclavectl", "FreezeEnclave",
                        "only the owner of enclave 'growth' (U0ALICE) may freeze or unfreeze it", "incident 42", ALICE, T),
                new DeprovisionRequested(GROWTH, ALICE, "ab12", T.plus(Duration.ofMinutes(5)), T),
                new EnclaveDeprovisioningStarted(GROWTH, ALICE, "enclave-growth", T),
                new EnclaveDeprovisioned(GROWTH, ALICE, List.of("Namespace/enclave-growth"), T),
                // tentacles and shared services
                new TentacleDeployed(GROWTH, REPORT, IMAGE, NIGHTLY, Mode.PRIVATE, ALICE, List.of(Dependency.POSTGRES), T, 3, 5),
                new TentacleUpdated(GROWTH, REPORT, IMAGE, NIGHTLY, List.of(Dependency.POSTGRES), T),
                new TentacleRemoved(GROWTH, REPORT, T, 3, ALICE),
                new TentacleRunRequested(GROWTH, REPORT, 1, T),
                new TentacleModeChanged(GROWTH, REPORT, Mode.PRIVATE, Mode.MEMBER_READ, T),
                new TentacleOwnershipTransferred(GROWTH, REPORT, ALICE, BOB, OwnershipTransferReason.CHOWN, T),
                new TentacleWorkloadFailed(GROWTH, REPORT, "image pull failed", T),
                new SchemaAccessGranted(GROWTH, REPORT, API, SchemaAccess.READ, T, 2),
                new SchemaAccessRevoked(GROWTH, REPORT, API, T),
                new SharedServiceReady(GROWTH, Dependency.POSTGRES, "database enclave_growth", T),
                new SharedServiceFailed(GROWTH, Dependency.POSTGRES, "no Cluster resource", T),
                // coordination rooms and agent policies
                new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, new Purpose("Q1 planning"), ALICE,
                        List.of(BOB), MeetingDuration.ofMinutes(30),
                        new SearchRange(Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-04T18:00:00Z")),
                        Instant.parse("2026-11-25T10:00:00Z"), CHANNEL, T, ROOM_KEY),
                new CoordinationOpened(ROOM, T, ROOM_KEY),
                // every field set: a draft whose approval has a deadline
                new ParticipationApprovalRequested(ROOM, BOB, "the weekly budget is spent", T, TrustLabel.DRAFTED,
                        "weekly-budget", T.plus(Duration.ofHours(24))),
                new ApprovalDeferred(ROOM, BOB, T),
                new ParticipationAuthorized(ROOM, BOB, Authorization.AUTO_EXECUTED, "rule-1", T),
                new WindowsSubmitted(ROOM, BOB, new SealedWindows("AbC-_9"), 1, T),
                new SlotsProposed(ROOM, List.of(new Proposal(1, SEALED_SLOT)), T),
                new SlotProposed(ROOM, ALICE, new Proposal(2, SEALED_SLOT), T),
                new SlotAccepted(ROOM, BOB, 1, T),
                new SlotCountered(ROOM, BOB, 1, new Proposal(3, SEALED_SLOT), T),
                new WindowsAcknowledged(ROOM, BOB, 2, T),
                new CoordinationResolved(ROOM, SLOT, T),
                new CoordinationAborted(ROOM, AbortReason.POLICY_REFUSED, BOB, "inbound-rate-limit", T,
                        "over 10 invitations from U0ALICE in an hour"),
                new CoordinationExpired(ROOM, T),
                new CoordinationDataShredded(ROOM, T),
                // a purpose-contains rule: the one kind whose every field is set (people is empty, not null)
                new AutonomyRuleAdded(BOB, new AutonomyRule("rule-1", RuleKind.PURPOSE_CONTAINS, List.of(), "planning"), T),
                new AutonomyRuleRemoved(BOB, "rule-1", T),
                new AutonomyLevelSet(BOB, AutonomyLevel.DRAFT_ONLY, T),
                new AutonomyBudgetSet(BOB, WeeklyBudget.hours(5), T),
                new IdentityTrusted(BOB, new TrustedIdentity(ALICE, List.of(CoordinationType.MEETING_SYNC)), T),
                new IdentityUntrusted(BOB, ALICE, List.of(CoordinationType.MEETING_SYNC), T),
                new InboundRateLimitSet(BOB, 5, T),
                new InvitationEvaluated(BOB, ROOM, ALICE, PolicyOutcome.AUTO_EXECUTED, "rule-1", T),
                new InvitationRateLimited(BOB, ROOM, ALICE, 10, T.plus(Duration.ofMinutes(20)), T),
                new AutonomyBudgetSpent(BOB, ROOM, MeetingDuration.ofMinutes(30), 3, 90, T, T),
                new AutonomyBudgetExhausted(BOB, WeeklyBudget.meetings(3), T, T.plus(Duration.ofDays(7)), T),
                new AutonomyBudgetReset(BOB, T, T),
                new CoordinationInitiated(ALICE, ROOM, T),
                // receipts
                new ReceiptIssued("coordination", ROOM.value(), "receipt-1", List.of("U0BOB"),
                        json.createObjectNode().put("signature", "c2ln"), T));
    }

    @Test
    void everyEventHasASampleAndEverySampleIsAnEvent() {
        Set<String> scanned = scanEventTypes();
        Set<String> sampled = samples().stream().map(e -> e.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(scanned).as("events found by scanning io.enclavesuite.api").isNotEmpty();
        assertThat(difference(scanned, sampled))
                .as("events without a sample in EventApprovalTest.samples(): add one, then approve its JSON")
                .isEmpty();
        assertThat(difference(sampled, scanned))
                .as("samples that are not events (a record with @Revision under io.enclavesuite.api)")
                .isEmpty();
        assertThat(sampled).as("one sample per event").hasSameSizeAs(samples());
    }

    @Test
    void everyEventMatchesItsApprovedJson() throws IOException {
        Map<String, String> current = new TreeMap<>();
        for (Object event : samples()) {
            current.put(key(event.getClass()), json.writeValueAsString(event));
        }
        Map<String, String> approved = readApproved();

        List<String> changes = changes(approved, current);
        if (Boolean.getBoolean(APPROVE)) {
            writeApproved(current);
            changes.forEach(change -> System.out.println("approved: " + change));
            return;
        }
        if (!changes.isEmpty()) {
            fail("""
                    The events' JSON is not what %s approves:
                    %s
                    Stored events keep their type name, revision and shape forever, and receipts hash them. Do not \
                    edit the approved JSON of a shape that may be stored: give the event a new @Revision and an \
                    upcaster from the old one (docs/architecture.md, "Events are pinned"). To approve a new event or \
                    revision deliberately, run
                      %s
                    and commit the rewritten src/test/resources/%s with the change."""
                    .formatted(APPROVED, String.join("\n", changes), APPROVE_COMMAND, APPROVED));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theApprovedJsonReadsBackEqual(Object event) throws IOException {
        String text = readApproved().getOrDefault(key(event.getClass()), json.writeValueAsString(event));

        assertThat(json.readValue(text, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theSampleSetsEveryField(Object event) {
        assertThat(nullFields(event, event.getClass().getSimpleName()))
                .as("fields left null in the sample (its approved JSON would differ between services)")
                .isEmpty();
    }

    /** Type name and revision: what the event store records next to the payload. */
    private static String key(Class<?> type) {
        return type.getName() + "@" + type.getAnnotation(Revision.class).value();
    }

    /** The same rule as SuiteEventTypes (write-support), which enclave-api cannot see. */
    private static Set<String> scanEventTypes() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return "java.lang.Record".equals(definition.getMetadata().getSuperClassName());
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        return scanner.findCandidateComponents("io.enclavesuite.api").stream()
                .map(BeanDefinition::getBeanClassName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> changes(Map<String, String> approved, Map<String, String> current) {
        List<String> changes = new ArrayList<>();
        current.forEach((key, text) -> {
            String before = approved.get(key);
            if (before == null) {
                changes.add("  new      " + key + " (no approved JSON yet)\n             now: " + text);
            } else if (!before.equals(text)) {
                changes.add("  changed  " + key + "\n        approved: " + before + "\n             now: " + text);
            }
        });
        approved.keySet().stream().filter(key -> !current.containsKey(key)).forEach(key -> {
            String simpleName = key.substring(key.lastIndexOf('.') + 1, key.indexOf('@'));
            String now = current.keySet().stream()
                    .filter(k -> k.substring(k.lastIndexOf('.') + 1, k.indexOf('@')).equals(simpleName))
                    .collect(Collectors.joining(", "));
            changes.add("  gone     " + key + " (no such event and revision any more: moved, renamed or re-revised"
                    + (now.isEmpty() ? "" : "; now " + now) + ")");
        });
        return changes;
    }

    /** Approved JSON by key, each re-written compactly in its file order, so field order and values both count. */
    private static Map<String, String> readApproved() throws IOException {
        Map<String, String> approved = new TreeMap<>();
        try (InputStream in = EventApprovalTest.class.getClassLoader().getResourceAsStream(APPROVED)) {
            if (in == null) {
                return approved;
            }
            json.readTree(in).properties().forEach(entry -> approved.put(entry.getKey(), compact(entry.getValue())));
        }
        return approved;
    }

    private static void writeApproved(Map<String, String> current) throws IOException {
        ObjectNode file = json.createObjectNode();
        for (var entry : current.entrySet()) {
            file.set(entry.getKey(), json.readTree(entry.getValue()));
        }
        // the source file, not target/test-classes: the developer reviews the diff and commits it
        Path path = Path.of(System.getProperty("basedir", "."), "src/test/resources", APPROVED);
        Files.createDirectories(path.getParent());
        Files.writeString(path, json.writerWithDefaultPrettyPrinter().writeValueAsString(file) + "\n");
        System.out.println("rewrote " + path.toAbsolutePath() + ": review the diff before committing it");
    }

    private static String compact(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Paths of null record components, descending into nested records and lists. */
    private static List<String> nullFields(Object value, String path) {
        List<String> nulls = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                nulls.addAll(nullFields(item, path + "[" + i++ + "]"));
            }
        } else if (value != null && value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                Object field;
                try {
                    field = component.getAccessor().invoke(value);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                String fieldPath = path + "." + component.getName();
                if (field == null) {
                    nulls.add(fieldPath);
                } else {
                    nulls.addAll(nullFields(field, fieldPath));
                }
            }
        }
        return nulls;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}
