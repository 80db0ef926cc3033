package io.enclavesuite.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** What aggregates and sagas may touch (docs/architecture.md, "Enforced boundaries"). */
@AnalyzeClasses(packages = "io.enclavesuite", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainModelRulesTest {

    /** The java.time types whose {@code now(...)} reads the system clock unless given a {@code Clock}. */
    private static final Set<String> TEMPORALS = Set.of("java.time.Instant", "java.time.LocalDate",
            "java.time.LocalDateTime", "java.time.LocalTime", "java.time.OffsetDateTime", "java.time.OffsetTime",
            "java.time.ZonedDateTime", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay");

    /**
     * Calls that read the system clock: {@code Instant.now()}, {@code LocalDateTime.now(zone)} and the other
     * {@code now}s not given a {@code Clock}; {@code System.currentTimeMillis()}, {@code System.nanoTime()};
     * {@code Clock.systemUTC()}, {@code systemDefaultZone()}, {@code system(zone)}, the {@code tick…} clocks and
     * {@code InstantSource.system()}; {@code new Date()} and {@code Calendar.getInstance(…)}.
     * {@code Instant.now(clock)}, with the injected clock, is what aggregates do instead.
     */
    static final DescribedPredicate<JavaCall<?>> READ_THE_SYSTEM_CLOCK = DescribedPredicate.describe(
            "read the system clock (Instant.now(), System.currentTimeMillis(), Clock.systemUTC(), ...)",
            call -> readsTheSystemClock(call.getTarget()));

    private static boolean readsTheSystemClock(AccessTarget.CodeUnitCallTarget target) {
        String owner = target.getOwner().getName();
        String name = target.getName();
        List<JavaClass> parameters = target.getRawParameterTypes();
        boolean givenAClock = parameters.stream().anyMatch(p -> p.getName().equals("java.time.Clock"));
        return switch (owner) {
            case "java.lang.System" -> name.equals("currentTimeMillis") || name.equals("nanoTime");
            case "java.time.Clock" -> Set.of("systemUTC", "systemDefaultZone", "system", "tickMillis", "tickSeconds",
                    "tickMinutes").contains(name);
            case "java.time.InstantSource" -> name.equals("system");
            case "java.util.Date" -> name.equals("<init>") && parameters.isEmpty();
            case "java.util.Calendar" -> name.equals("getInstance");
            default -> TEMPORALS.contains(owner) && name.equals("now") && !givenAClock;
        };
    }

    /** APIs that reach a database, the network, the file system, Kubernetes, S3, Kafka or Slack. */
    static final DescribedPredicate<JavaClass> IO_APIS = resideInAnyPackage("java.sql..", "javax.sql..",
            "org.springframework.jdbc..", "java.net..", "java.nio.file..",
            "java.nio.channels..", "io.fabric8..", "software.amazon..", "io.minio..", "org.apache.kafka..",
            "org.springframework.kafka..", "com.slack..", "org.springframework.web..", "org.springframework.http..")
            .or(resideInAPackage("java.io").and(simpleNameStartingWith("File")))
            .or(name("java.io.RandomAccessFile"))
            .as("I/O APIs (JDBC, java.net, files, fabric8, AWS SDK, MinIO, Kafka, Slack, Spring web)");

    @ArchTest
    static final ArchRule aggregates_read_no_clock = noClasses()
            .that(AxonModel.AGGREGATES)
            .should().callCodeUnitWhere(READ_THE_SYSTEM_CLOCK)
            .because("an aggregate takes time from the injected Clock (a handler parameter), so fixtures pin it "
                    + "and a decision replays the same; the system clock would make it depend on when it ran");

    @ArchTest
    static final ArchRule aggregates_do_no_io = noClasses()
            .that(AxonModel.AGGREGATES)
            .should().dependOnClassesThat(IO_APIS)
            .because("an aggregate decides from its own state and the command alone; what reaches outside (the "
                    + "database, Kubernetes, S3, Kafka) goes through injected ports or the sagas, so a decision "
                    + "is fast, replayable and testable with Axon's fixtures");

    @ArchTest
    static final ArchRule sagas_and_aggregates_do_not_depend_on_spring_web = noClasses()
            .that(AxonModel.AGGREGATES.or(AxonModel.SAGAS))
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                    "org.springframework.http..", "jakarta.servlet..")
            .because("aggregates and sagas run from commands and events, on any processor thread and in any "
                    + "service; HTTP belongs to the adapters (controllers, clients) around them");
}
