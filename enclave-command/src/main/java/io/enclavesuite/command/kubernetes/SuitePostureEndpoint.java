package io.enclavesuite.command.kubernetes;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.util.Map;

/** {@code /actuator/posture} on the management port: the last posture check of the suite and its findings. */
@Endpoint(id = "posture")
public class SuitePostureEndpoint {

    private final SuitePosture posture;

    public SuitePostureEndpoint(SuitePosture posture) {
        this.posture = posture;
    }

    @ReadOperation
    public Object posture() {
        SuitePosture.Report report = posture.last();
        return report == null ? Map.of("checked", false) : report;
    }
}
