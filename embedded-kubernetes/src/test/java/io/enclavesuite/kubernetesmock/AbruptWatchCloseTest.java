package io.enclavesuite.kubernetesmock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Watchers that die the way a kill -9 leaves them (their TCP connections reset: no WebSocket close frame, no TLS
 * close_notify) just as the mock has events for them must not stall the mock: every other request keeps being
 * answered. fabric8's mock, left alone, blocks its one event loop on such a watch's close for the length of its send
 * timeout (30 s), as the fault suite saw after each replica's kill -9.
 */
class AbruptWatchCloseTest {

    /** Each round catches a watch's close with one of its sends in flight only some of the time: several rounds. */
    private static final int ROUNDS = 8;
    /** Watchers dropped at once, as a killed replica drops its informers' watches. */
    private static final int WATCHERS = 16;
    /** Writes sent just before the drop, each an event for every watcher. */
    private static final int WRITES = 4;
    /** A request's patience while the test sets up, on a busy machine. */
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);
    /** A probe's patience after the drop: a stalled mock fails it, and the probe is asked again. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private KubernetesMock mock;
    private URI base;
    private SSLContext trustingTheMock;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        mock = KubernetesMock.start();
        base = URI.create(mock.url());
        // the mock's certificate is self-signed and made at start, as its kubeconfig says (insecure-skip-tls-verify)
        trustingTheMock = SSLContext.getInstance("TLS");
        trustingTheMock.init(null, new TrustManager[] {new TrustingManager()}, new SecureRandom());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        mock.close();
    }

    @Test
    void watchersDroppedWithoutClosingLeaveTheMockAnswering() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            List<Socket> watchers = new ArrayList<>();
            for (int i = 0; i < WATCHERS; i++) {
                watchers.add(openWatch("/api/v1/namespaces/default/configmaps?watch=true"));
            }
            List<Connection> writers = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                writers.add(connect());
            }
            // the writes and the resets go out back to back, so the mock meets both in one pass of its event loop
            for (int i = 0; i < WRITES; i++) {
                writers.get(i).send(createConfigMap("round-" + round + "-" + i));
            }
            for (Socket transport : watchers) {
                transport.setSoLinger(true, 0);
                transport.close();
            }

            int dropped = round;
            await("the mock answering after round " + dropped + "'s watchers are gone")
                    .atMost(Duration.ofSeconds(15))
                    .ignoreExceptions()
                    .until(() -> probe("/api/v1/namespaces/default/secrets").startsWith("HTTP/1.1 200"));
            for (Connection writer : writers) {
                assertThat(writer.readHead()).startsWith("HTTP/1.1 201");
            }
        }
        // every write was stored: the dropped watches' events broke none of them
        assertThat(probe("/api/v1/namespaces/default/configmaps/round-" + (ROUNDS - 1) + "-" + (WRITES - 1)))
                .startsWith("HTTP/1.1 200");
    }

    /**
     * Upgrades a raw TLS connection to a watch and reads only the handshake's answer, never an event. Returns the TCP
     * socket under the TLS one, to be reset as a killed process's would be.
     */
    private Socket openWatch(String path) throws IOException {
        Connection watch = connect();
        watch.send("GET " + path + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");
        assertThat(watch.readHead()).startsWith("HTTP/1.1 101");
        return watch.transport();
    }

    /** A GET on a connection of its own, answered within {@link #PROBE_TIMEOUT}: its status line and headers. */
    private String probe(String path) throws IOException {
        Connection probe = connect();
        probe.transport().setSoTimeout((int) PROBE_TIMEOUT.toMillis());
        probe.send("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nConnection: close\r\n\r\n");
        return probe.readHead();
    }

    private String createConfigMap(String name) {
        String json = """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s","namespace":"default"},\
                "data":{"value":"%s"}}""".formatted(name, name);
        return "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    private Connection connect() throws IOException {
        Socket transport = new Socket();
        sockets.add(transport);
        transport.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) SETUP_TIMEOUT.toMillis());
        transport.setSoTimeout((int) SETUP_TIMEOUT.toMillis());
        SSLSocket tls = (SSLSocket) trustingTheMock.getSocketFactory()
                .createSocket(transport, base.getHost(), base.getPort(), false);
        tls.startHandshake();
        return new Connection(transport, tls);
    }

    /** HTTP/1.1 by hand over TLS: the watches must be dropped below the TLS layer, as a killed process's are. */
    private record Connection(Socket transport, SSLSocket tls) {

        void send(String request) throws IOException {
            tls.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            tls.getOutputStream().flush();
        }

        String readHead() throws IOException {
            InputStream in = tls.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("the connection ended before its answer's head: " + head);
                }
                head.write(next);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }
    }

    /** Trusts any certificate: the mock's is self-signed, made at its start, and only ever on loopback. */
    private static final class TrustingManager implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
