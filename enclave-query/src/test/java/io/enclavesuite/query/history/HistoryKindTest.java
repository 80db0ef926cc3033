package io.enclavesuite.query.history;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read an aggregate's history follows its kind: a person's agent policy only by that person. Every event of
 * coordination-service keyed by a person (an agent policy's) must be kept as a policy's, every other as a room's.
 */
class HistoryKindTest {

    @Test
    void everyAgentPolicyEventIsKeptAsAPolicysAndEveryRoomEventAsARooms() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return "java.lang.Record".equals(definition.getMetadata().getSuperClassName());
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        List<Class<?>> events = new java.util.ArrayList<>();
        for (var definition : scanner.findCandidateComponents("io.enclavesuite.api.coordination")) {
            events.add(Class.forName(definition.getBeanClassName()));
        }
        assertThat(events).hasSizeGreaterThan(20);
        for (Class<?> type : events) {
            String expected = type.getRecordComponents()[0].getType() == UserId.class ? "policy" : "coordination";
            assertThat(HistoryProjection.kindOf(type)).as(type.getSimpleName()).isEqualTo(expected);
        }
    }

    /**
     * The kind decides who reads an event (the enclave's readers for "team"): every team enclave event, the reconciler's
     * {@code DriftRepaired} among them, is kept as the enclave's, never as a kind of its own that no rule would let
     * anyone read.
     */
    @Test
    void everyTeamEnclaveEventIsKeptAsTheEnclaves() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return "java.lang.Record".equals(definition.getMetadata().getSuperClassName());
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        List<String> events = new java.util.ArrayList<>();
        for (String area : List.of("io.enclavesuite.api.enclave", "io.enclavesuite.api.tentacle",
                "io.enclavesuite.api.service")) {
            for (var definition : scanner.findCandidateComponents(area)) {
                Class<?> type = Class.forName(definition.getBeanClassName());
                events.add(type.getSimpleName());
                assertThat(HistoryProjection.kindOf(type)).as(type.getSimpleName()).isEqualTo("team");
            }
        }
        assertThat(events).contains("DriftRepaired", "EnclaveActivated", "TentacleDeployed");
    }
}
