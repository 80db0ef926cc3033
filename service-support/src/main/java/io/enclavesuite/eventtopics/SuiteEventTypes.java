package io.enclavesuite.eventtopics;

import org.axonframework.serialization.Revision;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The event types a reader of the event topics deserialises: the suite's own events, and nothing else. An event is a
 * record in {@value #API_PACKAGE} (enclave-api) that carries {@link Revision} — every event does from day one, and no
 * command or value type does. The names are read once from the class files' metadata (Spring's scanner reads them with
 * ASM and loads nothing), so checking a record's {@code axon-message-type} header is one set lookup, done before any
 * class is looked up: a name outside the set is never handed to {@code Class.forName} or a deserialiser.
 */
public final class SuiteEventTypes {

    public static final String API_PACKAGE = "io.enclavesuite.api";

    private final Set<String> names;

    private SuiteEventTypes(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** The events of enclave-api on this class path; fails when there are none, rather than refusing everything. */
    public static SuiteEventTypes scan() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return "java.lang.Record".equals(definition.getMetadata().getSuperClassName());
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        Set<String> names = scanner.findCandidateComponents(API_PACKAGE).stream()
                .map(BeanDefinition::getBeanClassName)
                .collect(Collectors.toSet());
        if (names.isEmpty()) {
            throw new IllegalStateException("no event types found under " + API_PACKAGE + ": is enclave-api missing?");
        }
        return new SuiteEventTypes(names);
    }

    public Set<String> names() {
        return names;
    }

    /** Why a record of this type is refused, or empty when it is one of the suite's events. */
    public Optional<String> refusal(String type) {
        if (type == null) {
            return Optional.of("the record names no event type (no axon-message-type header)");
        }
        if (!names.contains(type)) {
            return Optional.of("event type " + UntrustedText.quote(type) + " is not one of the suite's events");
        }
        return Optional.empty();
    }
}
