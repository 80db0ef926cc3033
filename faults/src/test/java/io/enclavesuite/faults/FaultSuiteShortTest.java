package io.enclavesuite.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short version of the fault suite that CI runs: scenarios 1, 2 and 6 on three enclave-command replicas as child
 * JVMs, with 300 commands (each sent twice) over 6 enclaves and two deploy/freeze rounds. The full sizes run from
 * {@code bin/fault-suite} (docs/benchmarks.md).
 */
class FaultSuiteShortTest {

    @AfterAll
    static void noChildJvmLeftBehind() {
        // the harness stops its replicas when it closes; any still alive here would outlive the build
        List<ProcessHandle> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
        children.forEach(ProcessHandle::destroyForcibly);
        assertThat(children).as("child JVMs still running after the suite").isEmpty();
    }

    @Test
    void duplicatesAKilledReplicaAndConflictsLoseNothing() {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<ScenarioResult> results = FaultSuite.run(FaultSuite.Settings.parse("replicas=3", "enclaves=6",
                "commands=300", "rounds=2", "scenarios=1,2,6", "logs=target/fault-logs"), line -> {
            System.out.println(line);
            lines.add(line);
        });
        assertThat(results).extracting(ScenarioResult::number).containsExactly(1, 2, 6);
        assertThat(results).as(String.join("\n", lines)).allMatch(ScenarioResult::passed);
        assertThat(lines).anyMatch(line -> line.startsWith("scenario 1 ")
                && line.contains("PASS 300 effects, 600 results, 0 DLT"));
        // after a kill -9, a batch answered just before it may be answered again (the same answer): see settle
        assertThat(lines).anyMatch(line -> line.startsWith("scenario 2 ") && line.contains("PASS 300 effects, 6")
                && line.contains(" 0 DLT"));
    }
}
