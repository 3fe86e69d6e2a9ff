package dev.cd4ml.parts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Background work of a part (indexing the log backlog) yields the CPU to the services: on Linux a
 * thread is a task of its own and takes its own nice value, which threads it starts inherit.
 */
final class Niceness {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Niceness.class);

    private Niceness() {
    }

    /** Sets the calling thread to nice 19; where that is not possible it keeps its priority. */
    static void lowerCurrentThread() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "<pid>/task/<tid>"
            Process renice = new ProcessBuilder("renice", "-n", "19", "-p", self.getFileName().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
            if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                LOG.debug("renice of thread {} failed", Thread.currentThread().getName());
            }
        } catch (Exception e) {
            LOG.debug("thread {} keeps its priority: {}", Thread.currentThread().getName(), e.toString());
        }
    }
}
