package dev.cd4ml.parts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Whether the machine is busy with work at normal priority, from Linux' {@code /proc/stat}: the share
 * of CPU time in the last second spent in user, system and interrupt time, leaving out idle, I/O wait,
 * steal and the time of niced tasks (the log store's own background work is niced). Sampled at most
 * once a second; without {@code /proc/stat} the machine never counts as busy.
 */
final class MachineLoad implements BooleanSupplier {
    private static final Path STAT = Path.of("/proc/stat");

    private final double threshold;
    private long[] last;
    private long lastAt; // nanoTime
    private boolean busy;

    /** @param threshold share of all CPU time (0..1) above which the machine counts as busy */
    MachineLoad(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public synchronized boolean getAsBoolean() {
        long now = System.nanoTime();
        if (last != null && now - lastAt < 1_000_000_000L) {
            return busy;
        }
        long[] ticks = read();
        if (ticks != null && last != null) {
            busy = busyShare(last, ticks) > threshold;
        }
        last = ticks;
        lastAt = now;
        return busy;
    }

    /** The share of the time between two samples of the "cpu" line spent busy at normal priority. */
    static double busyShare(long[] before, long[] after) {
        long total = 0;
        long busy = 0;
        for (int i = 0; i < Math.min(before.length, after.length) && i < 8; i++) {
            long d = after[i] - before[i];
            total += d;
            // user, (nice), system, (idle), (iowait), irq, softirq, (steal)
            if (i == 0 || i == 2 || i == 5 || i == 6) {
                busy += d;
            }
        }
        return total <= 0 ? 0 : (double) busy / total;
    }

    /** The "cpu" line's counters, or null where there is no /proc/stat. */
    static long[] parse(String stat) {
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long[] ticks = new long[f.length - 1];
                for (int i = 1; i < f.length; i++) {
                    ticks[i - 1] = Long.parseLong(f[i]);
                }
                return ticks;
            }
        }
        return null;
    }

    private static long[] read() {
        try {
            return parse(Files.readString(STAT));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
