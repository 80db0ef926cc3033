package io.enclavesuite.command.storage;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a tentacle needs to reach its prefix. {@link #environment()} uses the names the AWS SDKs and CLI read
 * ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ACCESS_KEY_ID}, …) plus the bucket and prefix, so a workload needs no
 * configuration of its own.
 */
public record StorageCredentials(URI endpoint, String region, String bucket, String prefix, String accessKeyId,
                                 String secretAccessKey) {

    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL_S3", endpoint.toString());
        environment.put("AWS_REGION", region);
        environment.put("AWS_ACCESS_KEY_ID", accessKeyId);
        environment.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        environment.put("S3_BUCKET", bucket);
        environment.put("S3_PREFIX", prefix);
        environment.put("S3_FORCE_PATH_STYLE", "true");
        return environment;
    }

    /** Never the secret: records and log lines may print credentials. */
    @Override
    public String toString() {
        return "StorageCredentials[" + endpoint + " s3://" + bucket + "/" + prefix + " as " + accessKeyId + "]";
    }
}
