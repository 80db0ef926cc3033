package io.enclavesuite.faults;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaThroughputSettingsTest {

    @Test
    void theDefaultsMeasureOneTwoAndThreeReplicasOnTheFaultSuitesLoad() {
        assertThat(ReplicaThroughput.parse()).containsEntry("replicas", "1,2,3").containsEntry("enclaves", "100")
                .containsEntry("commands", "10000").containsEntry("warmup", "1000").containsEntry("rates", "250,500")
                .containsEntry("seconds", "20");
    }

    @Test
    void argumentsOverrideTheDefaults() {
        assertThat(ReplicaThroughput.parse("replicas=2", "--commands=300", "enclaves=3"))
                .containsEntry("replicas", "2").containsEntry("commands", "300").containsEntry("enclaves", "3");
    }

    @Test
    void anUnknownArgumentOrAnImpossibleLoadIsRefused() {
        assertThatThrownBy(() -> ReplicaThroughput.parse("replica=2")).hasMessageContaining("unknown argument");
        assertThatThrownBy(() -> ReplicaThroughput.parse("commands=0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ReplicaThroughput.parse("replicas=1,0")).hasMessageContaining("between 1 and 8");
        assertThatThrownBy(() -> ReplicaThroughput.parse("rates=250,0")).hasMessageContaining("at least 1 send");
        assertThatThrownBy(() -> ReplicaThroughput.parse("enclaves=2", "commands=201"))
                .hasMessageContaining("at most 100 members");
    }
}
