package io.enclavesuite.kubernetesmock;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's CRUD dispatcher with each watch's listener wrapped in a {@link ReleasingWatchListener}, so that a watch
 * whose client vanished (a kill -9) is closed without stalling the server's one event loop.
 *
 * <p>Why a wrapper: fabric8 (7.8) offers no setting for it. The server makes its own Vert.x instance, and every
 * connection runs on one event loop; each watch sends from an executor of its own, waiting (up to 30 s) on a write that
 * only that event loop can carry out; and on the watch's close or failure the listener shuts that executor down and
 * waits for it, on the event loop. A send caught in between waits for the loop that waits for it, until its timeout.
 * The dispatcher is the server's documented extension point; the wrapper only ends such a send, it changes nothing
 * else fabric8 does.
 */
final class WatchReleasingDispatcher extends Dispatcher implements Resetable, CustomResourceAware {

    private final KubernetesMixedDispatcher delegate;

    WatchReleasingDispatcher(KubernetesMixedDispatcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse response = delegate.dispatch(request);
        if (response.getWebSocketListener() != null) {
            response.withWebSocketUpgrade(new ReleasingWatchListener(response.getWebSocketListener()));
        }
        return response;
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public void releaseResources() {
        delegate.releaseResources();
    }

    @Override
    public void reset() {
        delegate.reset();
    }

    @Override
    public void expectCustomResource(CustomResourceDefinitionContext rdc) {
        delegate.expectCustomResource(rdc);
    }
}
