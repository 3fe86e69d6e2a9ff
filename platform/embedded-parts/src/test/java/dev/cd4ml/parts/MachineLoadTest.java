package dev.cd4ml.parts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MachineLoadTest {

    @Test
    void busyIsUserSystemAndInterruptTimeNotNicedIdleWaitOrStolen() {
        long[] before = MachineLoad.parse("cpu  100 100 100 100 100 100 100 100 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n");
        assertArrayEquals(new long[] {100, 100, 100, 100, 100, 100, 100, 100, 0, 0}, before);
        // +40 user, +300 nice (the log store), +20 system, +10 idle, +10 iowait, +5 irq, +5 softirq, +10 steal
        long[] after = MachineLoad.parse("cpu  140 400 120 110 110 105 105 110 0 0\n");
        assertEquals(70.0 / 400, MachineLoad.busyShare(before, after), 1e-9);
        assertEquals(0.0, MachineLoad.busyShare(after, after));
    }

    @Test
    void withoutACpuLineThereIsNothingToSay() {
        assertNull(MachineLoad.parse("intr 1 2 3\n"));
    }
}
