package io.enclavesuite.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.util.Arrays;
import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Which module may depend on which (docs/architecture.md, "Enforced boundaries"). */
@AnalyzeClasses(packages = "io.enclavesuite", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    /** The five services, one slice each; everything else is left out of the slices rule. */
    private static final SliceAssignment SERVICE_SLICES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            for (String service : Modules.SERVICES) {
                if (resideInAPackage(service).test(javaClass)) {
                    return SliceIdentifier.of(service.substring(0, service.length() - 2));
                }
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the services enclave-command, coordination-service, enclave-query, slack-gateway and console";
        }
    };

    /** Guards every other rule: a module whose classes were not imported would pass them all unseen. */
    @ArchTest
    static void every_module_is_imported(JavaClasses classes) {
        List<String> missing = Arrays.stream(Modules.ALL).filter(module -> !classes.containPackage(module)).toList();
        if (!missing.isEmpty()) {
            throw new AssertionError("No classes imported from " + missing + ": the architecture module must depend "
                    + "on every module with main code, as its plain (not repackaged) jar");
        }
    }

    @ArchTest
    static final ArchRule vocabulary_depends_on_no_other_module = classes()
            .that().resideInAPackage(Modules.VOCABULARY)
            .should().onlyDependOnClassesThat(
                    resideOutsideOfPackage("io.enclavesuite..").or(resideInAPackage(Modules.VOCABULARY)))
            .because("enclave-api is the vocabulary every module speaks (commands, events, value types, topics): "
                    + "it must build and mean the same without any service, library or tool of the suite");

    @ArchTest
    static final ArchRule services_do_not_depend_on_each_other = slices()
            .assignedFrom(SERVICE_SLICES)
            .should().notDependOnEachOther()
            .because("the services talk over Kafka only (commands, results, event topics) and never read each "
                    + "other's schema; only suite assembles them in one JVM");

    @ArchTest
    static final ArchRule services_do_not_depend_on_the_assembly_or_tools = noClasses()
            .that().resideInAnyPackage(Modules.SERVICES)
            .should().dependOnClassesThat().resideInAnyPackage(Modules.ASSEMBLY_AND_TOOLS)
            .because("each service runs alone in its own image: suite only assembles them, and enclavectl, "
                    + "test-support, the embedded object store and Kubernetes API, bench and deploy-checks sit "
                    + "outside them");

    @ArchTest
    static final ArchRule shared_libraries_do_not_depend_on_services_or_tools = noClasses()
            .that().resideInAnyPackage(Modules.SHARED_LIBRARIES)
            .should().dependOnClassesThat().resideInAnyPackage(Modules.SERVICES)
            .orShould().dependOnClassesThat().resideInAnyPackage(Modules.ASSEMBLY_AND_TOOLS)
            .because("receipts, auth, trust, api-auth, service-support and write-support sit below the services "
                    + "that use them");

    @ArchTest
    static final ArchRule read_side_does_not_depend_on_the_write_side = noClasses()
            .that().resideInAPackage(Modules.QUERY)
            .should().dependOnClassesThat().resideInAnyPackage(Modules.COMMAND, Modules.COORDINATION,
                    Modules.WRITE_SUPPORT)
            .because("the read side learns what the write side decided only from the events on the Kafka topics "
                    + "(enclave-api's vocabulary), so it can be rebuilt from them and deployed on its own");

    /**
     * The positive form of the rule above: of the suite's own classes, the read side uses the vocabulary and the
     * libraries that are not write side — nothing of write-support, whose classes it no longer has on its path.
     */
    @ArchTest
    static final ArchRule read_side_uses_only_the_vocabulary_and_libraries_that_are_not_write_side = classes()
            .that().resideInAPackage(Modules.QUERY)
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.enclavesuite..")
                    .or(resideInAnyPackage(Modules.QUERY, Modules.VOCABULARY, "io.enclavesuite.receipts..",
                            "io.enclavesuite.apiauth..", "io.enclavesuite.trust.."))
                    .or(resideInAnyPackage(Modules.SERVICE_SUPPORT)))
            .because("the read side depends on the write side only through events and the vocabulary, so it can "
                    + "be rebuilt from them and deployed on its own");

    @ArchTest
    static final ArchRule receipts_is_about_receipts_only = classes()
            .that().resideInAPackage(Modules.RECEIPTS)
            .should().onlyDependOnClassesThat(
                    resideOutsideOfPackage("io.enclavesuite..").or(resideInAPackage(Modules.RECEIPTS)))
            .andShould().onlyDependOnClassesThat(resideOutsideOfPackage("com.nimbusds.jwt.."))
            .because("receipts is the receipts library (canonical JSON, hash chain, signatures, the offline "
                    + "verifier): authentication — the read API's tokens — lives in auth, which uses receipts' "
                    + "key files, not the other way round");

    @ArchTest
    static final ArchRule service_support_is_not_write_side = noClasses()
            .that().resideInAnyPackage(Modules.SERVICE_SUPPORT)
            .should().dependOnClassesThat().resideInAPackage(Modules.WRITE_SUPPORT)
            .because("service-support is what the read side shares with the write services; the write side's "
                    + "machinery stays in write-support, off the read side's classpath");
}
