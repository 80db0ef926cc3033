package io.enclavesuite.objectstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedObjectStoreTest {

    @Test
    void serves_the_s3_api_and_keeps_objects_across_a_restart(@TempDir Path root) {
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(root, 0); S3Client s3 = client(store)) {
            s3.createBucket(b -> b.bucket("enclave-growth"));
            s3.putObject(p -> p.bucket("enclave-growth").key("tentacles/report/hello.txt"), RequestBody.fromString("hi"));
        }
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(root, 0); S3Client s3 = client(store)) {
            assertThat(s3.getObjectAsBytes(g -> g.bucket("enclave-growth").key("tentacles/report/hello.txt"))
                    .asUtf8String()).isEqualTo("hi");
        }
    }

    @Test
    void listens_on_the_loopback_interface_only_unless_told_otherwise(@TempDir Path root) throws Exception {
        List<InetAddress> elsewhere = nonLoopbackAddresses();
        assertThat(elsewhere).as("this machine's addresses other than loopback, to knock on").isNotEmpty();
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(root, 0)) {
            assertThat(answers(InetAddress.getLoopbackAddress(), store.port())).isTrue();
            for (InetAddress address : elsewhere) {
                assertThat(answers(address, store.port())).as("%s:%s", address, store.port()).isFalse();
            }
        }
        // the same knock reaches a store told to listen everywhere: the check above can tell the difference
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(root, 0, InetAddress.getByName("0.0.0.0"))) {
            assertThat(answers(elsewhere.get(0), store.port())).isTrue();
        }
    }

    /** Whether something accepts a TCP connection there. */
    static boolean answers(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                }).flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLinkLocalAddress()).toList();
    }

    private static S3Client client(EmbeddedObjectStore store) {
        return S3Client.builder()
                .endpointOverride(store.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
