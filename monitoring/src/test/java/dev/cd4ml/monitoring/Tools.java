package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;

/**
 * External tools some tests run. Tests never install them: {@code .ci/prerequisites} (part of the
 * README's test command) does, once, before Maven; a missing tool fails the test with the fix.
 */
final class Tools {

    private static final Map<String, String> INSTALL = Map.of(
        "docker-compose", "run .ci/prerequisites (it runs: apt-get install docker-compose)",
        "curl", "run .ci/prerequisites (it runs: apt-get install curl)",
        "kubectl", "install kubectl from https://kubernetes.io/docs/tasks/tools/ (not Debian's kubernetes-client, which conflicts)");

    private Tools() {
    }

    static void require(String tool) {
        assertThat(onPath(tool)).as("%s is not installed: %s", tool, INSTALL.getOrDefault(tool, "install it")).isTrue();
    }

    static boolean onPath(String tool) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
