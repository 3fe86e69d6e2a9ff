package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A missing tool fails the test that needs it, naming the fix; it is never installed or skipped. */
class ToolsTest {

    @Test
    void aMissingToolFailsWithTheCommandThatInstallsIt() {
        assertThatThrownBy(() -> Tools.require("cd4ml-no-such-tool"))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("cd4ml-no-such-tool is not installed");
        assertThat(Tools.onPath("sh")).isTrue();
    }
}
