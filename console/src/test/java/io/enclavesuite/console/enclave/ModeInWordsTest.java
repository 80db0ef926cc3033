package io.enclavesuite.console.enclave;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModeInWordsTest {

    @Test
    void aPresetIsNamedAndEachTriadSaidInWords() {
        ModeInWords mode = ModeInWords.of("rwxr-x---");

        assertThat(mode.preset()).isEqualTo("member-read");
        assertThat(mode.triads()).extracting(ModeInWords.Triad::may)
                .containsExactly("view, change and run", "view and run", "nothing");
        assertThat(mode.sentence())
                .isEqualTo("the owner may view, change and run; members may view and run; everyone else nothing");
    }

    @Test
    void bitsThatAreNoPresetAreStillSaid() {
        ModeInWords mode = ModeInWords.of("r---w---x");

        assertThat(mode.preset()).isNull();
        assertThat(mode.sentence()).isEqualTo("the owner may view; members may change; everyone else may run");
    }

    @Test
    void somethingThatIsNoModeKeepsItsTextAndNoWords() {
        ModeInWords mode = ModeInWords.of("rwz");

        assertThat(mode.bits()).isEqualTo("rwz");
        assertThat(mode.triads()).isEmpty();
    }
}
