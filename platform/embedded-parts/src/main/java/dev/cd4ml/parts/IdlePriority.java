package dev.cd4ml.parts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Background work of a part (indexing the log backlog) yields the CPU to the services: on Linux a
 * thread is a task of its own with its own scheduling policy, which threads it starts inherit.
 * SCHED_IDLE runs only on otherwise idle cores (at nice 19 a busy part still took a tenth of a core).
 */
final class IdlePriority {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IdlePriority.class);

    private IdlePriority() {
    }

    /** Puts the calling thread at idle priority (or nice 19); where neither is possible it keeps its priority. */
    static void lowerCurrentThread() {
        try {
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString(); // "<pid>/task/<tid>"
            // Both: SCHED_IDLE to yield, nice 19 so the kernel counts the time as niced (MachineLoad leaves it out).
            boolean idle = run(List.of("chrt", "--idle", "--pid", "0", tid));
            if (!run(List.of("renice", "-n", "19", "-p", tid)) && !idle) {
                LOG.debug("thread {} keeps its priority", Thread.currentThread().getName());
            }
        } catch (Exception e) {
            LOG.debug("thread {} keeps its priority: {}", Thread.currentThread().getName(), e.toString());
        }
    }

    private static boolean run(List<String> command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false; // not installed
        }
    }
}
