package io.enclavesuite.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A port on the loopback interface that is held, listening, for as long as the test runs, and never answers: the
 * kernel completes each connection (into the backlog), and then nothing comes back. A client there waits until its
 * own timeout — unlike a "closed" port found free a moment ago, which another process may have taken meanwhile, and
 * where a client fails at once with a refusal rather than a timeout.
 */
public final class SilentServer implements AutoCloseable {

    private final ServerSocket socket;

    private SilentServer(ServerSocket socket) {
        this.socket = socket;
    }

    public static SilentServer start() {
        try {
            return new SilentServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the loopback interface", e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as a bootstrap-servers entry. */
    public String address() {
        return socket.getInetAddress().getHostAddress() + ":" + port();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
