package io.enclavesuite.deploy.readme;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the README's session blocks and their "# → …" promises are read. */
class ReadmeSessionTest {

    private static final String README = """
            Text.

            <!-- readme-session -->
            ```bash
            bin/enclavectl provision --channel C0GROWTH --channel-name growth --owner U0ALICE
            # → accepted: ProvisionEnclave growth (command …)
            curl -s http://localhost:8080/api/enclaves/growth   # → "status":"ACTIVE",
            ```

            ```bash
            ./mvnw -B -ntp verify   # → not a session: never run
            ```
            <!-- readme-session -->
            ```bash
            bin/enclavectl slack --user U0ALICE --channel C0DESIGN /enclave info
            # → *design* · active · mode `rwxrwx---` · quota small …
            ```
            """;

    @Test
    void onlyMarkedBlocksAreSessionsEachWithItsPromises() {
        List<ReadmeSession> sessions = ReadmeSession.in(README);

        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).line()).isEqualTo(4);
        assertThat(sessions.get(0).promises()).containsExactly("accepted: ProvisionEnclave growth (command …)",
                "\"status\":\"ACTIVE\",");
        assertThat(sessions.get(0).script()).startsWith("bin/enclavectl provision").doesNotContain("mvnw");
        assertThat(sessions.get(1).promises()).containsExactly("*design* · active · mode `rwxrwx---` · quota small …");
    }

    @Test
    void anEllipsisStandsForAnythingOnTheSameLineAndTheRestIsLiteral() {
        var accepted = ReadmeSession.pattern("accepted: ProvisionEnclave growth (command …)");
        assertThat(accepted.matcher("accepted: ProvisionEnclave growth (command 0b9f-…)\n").find()).isTrue();
        assertThat(accepted.matcher("accepted: ProvisionEnclave growth (command 1\n)").find()).isFalse();
        assertThat(accepted.matcher("accepted: ProvisionEnclave gr.wth (command 1)").find()).isFalse();

        var info = ReadmeSession.pattern("*design* · active · mode `rwxrwx---` · quota small …");
        assertThat(info.matcher("*design* · active · mode `rwxrwx---` · quota small\nOwner").find()).isTrue();
        assertThat(info.matcher("*design* · frozen · mode `rwxrwx---` · quota small").find()).isFalse();
    }

    @Test
    void aMarkWithoutABashBlockIsAnError() {
        assertThatThrownBy(() -> ReadmeSession.in("<!-- readme-session -->\nplain text\n"))
                .hasMessageContaining("must precede a ```bash block");
    }
}
