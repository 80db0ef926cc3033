package io.enclavesuite.testsupport;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The object store answers the S3 API with the administrator keys it hands out, whatever runs it. */
@EnclaveInfrastructure
class ObjectStoreTest {

    private final TestInfrastructure infrastructure;

    ObjectStoreTest(TestInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    @Test
    void aBucketAndAnObjectGoInAndComeBack() {
        String bucket = "test-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = infrastructure.newS3Client()) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(p -> p.bucket(bucket).key("a/b.txt"), RequestBody.fromString("round trip"));

            assertThat(s3.getObjectAsBytes(g -> g.bucket(bucket).key("a/b.txt")).asUtf8String()).isEqualTo("round trip");
            assertThat(infrastructure.objectStoreUsers())
                    .isEqualTo(infrastructure.kind() == Kind.DOCKER ? "minio" : "unchecked");
        }
    }
}
