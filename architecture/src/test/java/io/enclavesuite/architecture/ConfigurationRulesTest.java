package io.enclavesuite.architecture;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.springframework.beans.factory.annotation.Value;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.freeze.FreezingArchRule.freeze;

/**
 * Configuration is bound to typed {@code @ConfigurationProperties}, not read key by key with {@code @Value}
 * (issue 25). The {@code @Value} sites that exist are frozen — listed in {@code src/test/resources/frozen} — so
 * the rule fails on any new one while the old ones are moved over. The list is never rewritten by a build
 * ({@code archunit.properties}): once a site is gone the rule fails until the list is shrunk with
 * {@code -Darchunit.freeze.store.default.allowStoreUpdate=true} and committed. See docs/architecture.md,
 * "Enforced boundaries".
 */
@AnalyzeClasses(packages = "io.enclavesuite", importOptions = ImportOption.DoNotIncludeTests.class)
class ConfigurationRulesTest {

    @ArchTest
    static final ArchRule configuration_is_typed_not_read_with_value = freeze(classes()
            .should(notReadConfigurationWithValue())
            .because("typed @ConfigurationProperties are validated and documented in one place per prefix, and "
                    + "show every key a service reads; a @Value key scattered in a bean method is neither"));

    private static ArchCondition<JavaClass> notReadConfigurationWithValue() {
        return new ArchCondition<>("not read configuration with @Value") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaField field : javaClass.getFields()) {
                    field.tryGetAnnotationOfType(Value.class.getName())
                            .ifPresent(value -> report(events, field, field.getFullName(), "field", value));
                }
                for (JavaCodeUnit codeUnit : javaClass.getCodeUnits()) {
                    String site = javaClass.getName() + "." + codeUnit.getName();
                    codeUnit.tryGetAnnotationOfType(Value.class.getName())
                            .ifPresent(value -> report(events, codeUnit, site, "method", value));
                    for (JavaParameter parameter : codeUnit.getParameters()) {
                        parameter.tryGetAnnotationOfType(Value.class.getName())
                                .ifPresent(value -> report(events, parameter, site, "parameter", value));
                    }
                }
            }

            /**
             * The site by class, member name and key — no line number, no parameter list — so the frozen list
             * holds when code moves or a bean method gains a parameter.
             */
            private void report(ConditionEvents events, Object site, String member, String kind,
                                JavaAnnotation<?> value) {
                events.add(SimpleConditionEvent.violated(site,
                        member + " (" + kind + ") reads @Value(\"" + value.get("value").orElse("") + "\")"));
            }
        };
    }
}
