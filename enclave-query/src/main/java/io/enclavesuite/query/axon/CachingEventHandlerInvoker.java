package io.enclavesuite.query.axon;

import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;

import java.util.List;

/**
 * Axon's {@link MultiEventHandlerInvoker} — the read models' handlers that share a processor — deciding as it does,
 * with what cannot change remembered. Axon asks every read model whether it has a reset handler once per event, and
 * twice (whether the processor takes the event, then whether each read model does), each time streaming over every
 * handler; and whether any handler takes a payload type, once per event. A processor's handlers are fixed when it is
 * built, so both answers are too: worked out once here (per type for the second). In a rebuild the JVM's CPU per
 * event fell by a fifth (docs/benchmarks.md, fourth round). Which handler takes an event still depends on the message
 * and is asked each time.
 */
public final class CachingEventHandlerInvoker implements EventHandlerInvoker {

    private final MultiEventHandlerInvoker handlers;
    private final List<EventHandlerInvoker> readModels;
    private final boolean[] readModelSupportsReset;
    private final boolean supportsReset;
    private final ClassValue<Boolean> handlesType = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> payloadType) {
            return handlers.canHandleType(payloadType);
        }
    };

    public CachingEventHandlerInvoker(MultiEventHandlerInvoker handlers) {
        this.handlers = handlers;
        this.readModels = List.copyOf(handlers.delegates());
        this.readModelSupportsReset = new boolean[readModels.size()];
        boolean any = false;
        for (int i = 0; i < readModels.size(); i++) {
            readModelSupportsReset[i] = readModels.get(i).supportsReset();
            any |= readModelSupportsReset[i];
        }
        this.supportsReset = any; // as MultiEventHandlerInvoker answers: any read model can be reset
    }

    @Override
    public boolean canHandle(EventMessage<?> event, Segment segment) {
        for (int i = 0; i < readModels.size(); i++) {
            if (takes(i, event, segment)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean canHandleType(Class<?> payloadType) {
        return handlesType.get(payloadType);
    }

    @Override
    public void handle(EventMessage<?> event, Segment segment) throws Exception {
        for (int i = 0; i < readModels.size(); i++) {
            if (takes(i, event, segment)) {
                readModels.get(i).handle(event, segment);
            }
        }
    }

    /** As {@link MultiEventHandlerInvoker} decides: a replayed event only to a read model that can be reset. */
    private boolean takes(int readModel, EventMessage<?> event, Segment segment) {
        return (readModelSupportsReset[readModel] || !ReplayToken.isReplay(event))
                && readModels.get(readModel).canHandle(event, segment);
    }

    @Override
    public boolean supportsReset() {
        return supportsReset;
    }

    @Override
    public void performReset() {
        handlers.performReset();
    }

    @Override
    public <R> void performReset(R resetContext) {
        handlers.performReset(resetContext);
    }

    @Override
    public void segmentReleased(Segment segment) {
        handlers.segmentReleased(segment);
    }
}
