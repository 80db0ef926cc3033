package io.enclavesuite.command.gitmirror;

import io.enclavesuite.write.replicas.Leadership;
import io.enclavesuite.write.replicas.ReplicasProperties;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.concurrent.TimeUnit;

/**
 * The Git mirror, when {@code enclave.git-mirror.enabled}: on one replica at a time, the one that leads it
 * ({@link GitMirrorDuty}); its processor does not start with the others but when this replica takes the lead.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GitMirrorProperties.class)
@ConditionalOnProperty(prefix = "enclave.git-mirror", name = "enabled", havingValue = "true", matchIfMissing = true)
public class GitMirrorConfiguration {

    /** Batches of up to 100 events, one commit each: a backlog or a replay is a few commits. */
    static final int BATCH_SIZE = 100;

    @Bean(destroyMethod = "close")
    ManifestRepository manifestRepository(GitMirrorProperties properties) {
        return new ManifestRepository(properties.directory(), properties.branch());
    }

    @Bean
    GitMirrorDuty gitMirrorDuty(ManifestRepository repository, GitMirrorProperties properties, TokenStore tokens,
                                TransactionManager transactions, ObjectProvider<EventProcessingConfiguration> axon) {
        return new GitMirrorDuty(repository, properties, tokens, transactions, () -> axon.getObject()
                .eventProcessor(GitMirror.PROCESSING_GROUP, StreamingEventProcessor.class));
    }

    @Bean
    GitMirror gitMirror(ManifestRepository repository, EventStore events, GitMirrorProperties properties,
                        GitMirrorDuty duty) {
        return new GitMirror(repository, events, properties, duty::leading);
    }

    /**
     * The processor's settings are these, not {@code axon.eventhandling.processors.git-mirror.*}: Axon would build a
     * processor from those that starts on every replica, and one that is not leading would hold the token's claim.
     */
    @Bean
    ConfigurerModule gitMirrorStartsWhenLeading(ReplicasProperties replicas, Environment environment) {
        if (Binder.get(environment).bind("axon.eventhandling.processors." + GitMirror.PROCESSING_GROUP,
                Bindable.mapOf(String.class, Object.class)).isBound()) {
            throw new IllegalStateException("axon.eventhandling.processors." + GitMirror.PROCESSING_GROUP
                    + ".* must not be set: the Git mirror's processor runs on the leading replica only, with batches of "
                    + BATCH_SIZE + " (docs/operations.md, \"The Git mirror\")");
        }
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                GitMirror.PROCESSING_GROUP, configuration -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing().andBatchSize(BATCH_SIZE).andAutoStart(false)
                        .andTokenClaimInterval(replicas.tokenClaimInterval().toMillis(), TimeUnit.MILLISECONDS));
    }

    @Bean(destroyMethod = "close")
    Leadership gitMirrorLeadership(DataSource dataSource, ReplicasProperties replicas, GitMirrorDuty duty) {
        return new Leadership(dataSource, GitMirrorDuty.LEAD, replicas, duty);
    }

    /** Once ready: the processors are built by then (asking for one earlier builds them too soon). */
    @Bean
    ApplicationListener<ApplicationReadyEvent> gitMirrorLeadershipStart(
            @Qualifier("gitMirrorLeadership") Leadership leadership) {
        return ready -> leadership.start();
    }
}
