package io.enclavesuite.query.axon;

import org.axonframework.config.EventProcessingModule;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * Axon's event processing, with each tracking processor's handlers asked through a
 * {@link CachingEventHandlerInvoker}, which remembers what cannot change. Axon offers no setting for a processor's
 * invoker: this overrides the protected factory method that builds a tracking processor, which Axon hands the
 * processing groups' handlers as one {@link MultiEventHandlerInvoker} (pinned by {@code AxonInternalsTest}; should
 * it hand anything else, the processor is built as Axon would).
 */
public class ReadSideEventProcessing extends EventProcessingModule {

    @Override
    protected EventProcessor trackingEventProcessor(String name, EventHandlerInvoker handlers,
                                                    TrackingEventProcessorConfiguration config,
                                                    StreamableMessageSource<TrackedEventMessage<?>> source) {
        return super.trackingEventProcessor(name, handlers instanceof MultiEventHandlerInvoker readModels
                ? new CachingEventHandlerInvoker(readModels) : handlers, config, source);
    }
}
