package io.enclavesuite.kubernetesmock;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.util.function.BooleanSupplier;

/**
 * One watch's listener, fabric8's, behind a socket that lets go once the watch has ended: when the connection closes
 * or fails (on the event loop), a send still waiting for its write is interrupted, and later sends return at once, so
 * the listener's wait for its executor ends at once instead of holding the event loop. Every callback still reaches
 * fabric8's listener, on the thread it came on and in the same order.
 */
final class ReleasingWatchListener extends WebSocketListener {

    private final WebSocketListener delegate;
    private ReleasingSocket socket;

    ReleasingWatchListener(WebSocketListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
        delegate.onBeforeAccept(socket(webSocket), response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        delegate.onOpen(socket(webSocket), response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        delegate.onMessage(socket(webSocket), text);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        delegate.onMessage(socket(webSocket), bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        delegate.onClosing(socket(webSocket), code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        ReleasingSocket ended = socket(webSocket);
        ended.release();
        delegate.onClosed(ended, code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
        ReleasingSocket ended = socket(webSocket);
        ended.release();
        delegate.onFailure(ended, error, response);
    }

    /** The connection's callbacks all come on its event loop, with the one socket. */
    private ReleasingSocket socket(WebSocket webSocket) {
        if (socket == null || socket.delegate != webSocket) {
            socket = new ReleasingSocket(webSocket);
        }
        return socket;
    }

    /** fabric8's socket, whose sends stop waiting once the connection has ended. */
    private static final class ReleasingSocket implements WebSocket {

        private final WebSocket delegate;
        private boolean released;
        /** The thread inside a send, to interrupt on release. */
        private Thread sending;

        ReleasingSocket(WebSocket delegate) {
            this.delegate = delegate;
        }

        @Override
        public RecordedRequest request() {
            return delegate.request();
        }

        @Override
        public boolean send(String text) {
            return send(() -> delegate.send(text));
        }

        @Override
        public boolean send(byte[] bytes) {
            return send(() -> delegate.send(bytes));
        }

        private boolean send(BooleanSupplier write) {
            if (!enter()) {
                return false;
            }
            try {
                return write.getAsBoolean();
            } finally {
                leave();
            }
        }

        @Override
        public boolean close(int code, String reason) {
            return delegate.close(code, reason);
        }

        /** Called on the event loop when the connection closed or failed: nothing more can be written to it. */
        synchronized void release() {
            released = true;
            if (sending != null) {
                // fabric8's send waits on a future the event loop would complete; interrupted, it gives up
                sending.interrupt();
            }
        }

        private synchronized boolean enter() {
            if (released) {
                return false;
            }
            sending = Thread.currentThread();
            return true;
        }

        private synchronized void leave() {
            sending = null;
            if (released) {
                // an interrupt meant for this send, not for whatever the executor's thread does next
                Thread.interrupted();
            }
        }
    }
}
