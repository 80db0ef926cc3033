package io.enclavesuite.query.axon;

import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The caching invoker decides as Axon's own does, and asks what cannot change only once. */
class CachingEventHandlerInvokerTest {

    record Joined(String who) {
    }

    record Left(String who) {
    }

    /** A read model that can be rebuilt (Axon's default), with a reset handler. */
    static class Rebuildable {
        final List<Object> seen = new ArrayList<>();
        int resets;

        @EventHandler
        void on(Joined event) {
            seen.add(event);
        }

        @EventHandler
        void on(Left event) {
            seen.add(event);
        }

        @ResetHandler
        void reset() {
            resets++;
        }
    }

    /** One that cannot: a replayed event must not reach it. */
    @DisallowReplay
    static class LiveOnly {
        final List<Object> seen = new ArrayList<>();

        @EventHandler
        void on(Joined event) {
            seen.add(event);
        }
    }

    /** Counts how often Axon's invoker is asked whether it can be reset or takes a type. */
    static class Counting implements EventHandlerInvoker {
        private final EventHandlerInvoker delegate;
        int supportsResetAsked;
        int canHandleTypeAsked;

        Counting(EventHandlerInvoker delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean canHandle(EventMessage<?> event, Segment segment) {
            return delegate.canHandle(event, segment);
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            canHandleTypeAsked++;
            return delegate.canHandleType(payloadType);
        }

        @Override
        public void handle(EventMessage<?> event, Segment segment) throws Exception {
            delegate.handle(event, segment);
        }

        @Override
        public boolean supportsReset() {
            supportsResetAsked++;
            return delegate.supportsReset();
        }

        @Override
        public <R> void performReset(R resetContext) {
            delegate.performReset(resetContext);
        }
    }

    private final Rebuildable rebuildable = new Rebuildable();
    private final LiveOnly liveOnly = new LiveOnly();
    private final Counting rebuildableInvoker = new Counting(SimpleEventHandlerInvoker.builder()
            .eventHandlers(rebuildable).build());
    private final Counting liveOnlyInvoker = new Counting(SimpleEventHandlerInvoker.builder()
            .eventHandlers(liveOnly).build());
    private final CachingEventHandlerInvoker invoker = new CachingEventHandlerInvoker(
            new MultiEventHandlerInvoker(rebuildableInvoker, liveOnlyInvoker));

    @Test
    void aLiveEventReachesEveryReadModelThatHandlesIt() throws Exception {
        EventMessage<?> joined = GenericEventMessage.asEventMessage(new Joined("U0BOB"));
        EventMessage<?> left = GenericEventMessage.asEventMessage(new Left("U0BOB"));

        assertThat(invoker.canHandle(joined, Segment.ROOT_SEGMENT)).isTrue();
        invoker.handle(joined, Segment.ROOT_SEGMENT);
        invoker.handle(left, Segment.ROOT_SEGMENT);

        assertThat(rebuildable.seen).containsExactly(new Joined("U0BOB"), new Left("U0BOB"));
        assertThat(liveOnly.seen).containsExactly(new Joined("U0BOB"));
    }

    @Test
    void aReplayedEventReachesOnlyTheReadModelsThatCanBeReset() throws Exception {
        EventMessage<?> replayed = new GenericTrackedEventMessage<>(ReplayToken.createReplayToken(
                new GlobalSequenceTrackingToken(10), new GlobalSequenceTrackingToken(1)),
                GenericEventMessage.asEventMessage(new Joined("U0BOB")));

        invoker.handle(replayed, Segment.ROOT_SEGMENT);

        assertThat(rebuildable.seen).containsExactly(new Joined("U0BOB"));
        assertThat(liveOnly.seen).isEmpty();
        assertThat(invoker.canHandle(replayed, Segment.ROOT_SEGMENT)).isTrue();
    }

    @Test
    void anEventNoReadModelHandlesIsNotTaken() {
        assertThat(invoker.canHandle(GenericEventMessage.asEventMessage("nobody's"), Segment.ROOT_SEGMENT)).isFalse();
        assertThat(invoker.canHandleType(String.class)).isFalse();
        assertThat(invoker.canHandleType(Left.class)).isTrue();
    }

    @Test
    void whatCannotChangeIsAskedOnceNotPerEvent() throws Exception {
        int askedWhenBuilt = rebuildableInvoker.supportsResetAsked;
        for (int i = 0; i < 100; i++) {
            EventMessage<?> joined = GenericEventMessage.asEventMessage(new Joined("U" + i));
            invoker.canHandle(joined, Segment.ROOT_SEGMENT);
            invoker.handle(joined, Segment.ROOT_SEGMENT);
            invoker.canHandleType(Joined.class);
            invoker.supportsReset();
        }

        assertThat(rebuildable.seen).hasSize(100);
        assertThat(rebuildableInvoker.supportsResetAsked).isEqualTo(askedWhenBuilt);
        assertThat(rebuildableInvoker.canHandleTypeAsked).isEqualTo(1);
        assertThat(invoker.supportsReset()).isTrue();
    }

    @Test
    void aResetReachesTheReadModelsThatCanBeReset() {
        invoker.performReset();

        assertThat(rebuildable.resets).isEqualTo(1);
    }
}
