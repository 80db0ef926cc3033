package io.enclavesuite.command.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code enclave.object-storage.*}: the S3-compatible store enclaves get their buckets on (none when the endpoint is
 * empty), where workloads reach it (empty: the endpoint), and how tentacle keys are made: {@code minio} (a user and a
 * policy per tentacle through MinIO's admin API) or {@code unchecked} (a store that checks no keys, such as the
 * embedded one).
 */
@ConfigurationProperties("enclave.object-storage")
public record ObjectStorageProperties(String endpoint, String workloadEndpoint,
                                      @DefaultValue("us-east-1") String region, String accessKey, String secretKey,
                                      @DefaultValue("enclave-") String bucketPrefix,
                                      @DefaultValue("minio") String users) {

    public ObjectStorageProperties {
        endpoint = endpoint == null ? "" : endpoint;
        workloadEndpoint = workloadEndpoint == null ? "" : workloadEndpoint;
        accessKey = accessKey == null ? "" : accessKey;
        secretKey = secretKey == null ? "" : secretKey;
        if (!endpoint.isBlank() && !users.equals("minio") && !users.equals("unchecked")) {
            throw new IllegalArgumentException(
                    "enclave.object-storage.users must be minio or unchecked, not '" + users + "'");
        }
    }

    public boolean configured() {
        return !endpoint.isBlank();
    }
}
