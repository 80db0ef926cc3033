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

/**
 * Configuration is bound to typed {@code @ConfigurationProperties} records, not read key by key with
 * {@code @Value}: every service's settings are validated at start and listed in one place per prefix (and
 * {@link ConfigurationDocsTest} holds docs/configuration.md to them). See docs/architecture.md, "Enforced
 * boundaries".
 */
@AnalyzeClasses(packages = "io.enclavesuite", importOptions = ImportOption.DoNotIncludeTests.class)
class ConfigurationRulesTest {

    @ArchTest
    static final ArchRule configuration_is_typed_not_read_with_value = classes()
            .should(notReadConfigurationWithValue())
            .because("typed @ConfigurationProperties are validated and documented in one place per prefix, and "
                    + "show every key a service reads; a @Value key scattered in a bean method is neither");

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

            /** The site by class, member name and key. */
            private void report(ConditionEvents events, Object site, String member, String kind,
                                JavaAnnotation<?> value) {
                events.add(SimpleConditionEvent.violated(site,
                        member + " (" + kind + ") reads @Value(\"" + value.get("value").orElse("") + "\")"));
            }
        };
    }
}
