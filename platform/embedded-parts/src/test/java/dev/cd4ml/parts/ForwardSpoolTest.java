package dev.cd4ml.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import dev.cd4ml.parts.ForwardReceiver.Record;

/** The forward part's spool on real files: what a burst, a full disk budget and a restart do to the records. */
class ForwardSpoolTest {

    private static final Instant T = Instant.parse("2026-11-27T06:00:00Z");
    private static final java.util.function.BooleanSupplier NEVER_BUSY = () -> false;

    @Test
    void aBurstIsTakenAtOnceWhileTheNextStepIsStuckAndHandedOnInOrderLater(@TempDir Path dir) throws Exception {
        CountDownLatch unstuck = new CountDownLatch(1);
        List<Long> got = new CopyOnWriteArrayList<>();
        Consumer<List<Record>> slow = records -> {
            await(unstuck);
            records.forEach(r -> got.add((Long) r.fields().get("i")));
        };
        try (ForwardSpool spool = new ForwardSpool(dir, 1 << 20, 4096, 50, NEVER_BUSY, 60_000, slow)) {
            for (int i = 0; i < 500; i++) { // ~25 KiB: several segments, none handed on yet
                append(spool, message(i), false);
            }
            assertTrue(spool.bytes() > 4096, "taken and waiting on disk: " + spool.bytes());
            assertTrue(segments(dir) > 1, "rolled into segments");
            unstuck.countDown();
            awaitTrue(() -> got.size() == 500 && spool.bytes() == 0);
        }
        assertEquals(java.util.stream.LongStream.range(0, 500).boxed().toList(), got);
        assertEquals(0, segments(dir), "handed-on segments are removed");
    }

    @Test
    void aFullSpoolHoldsTheSenderBackUntilThereIsRoom(@TempDir Path dir) throws Exception {
        CountDownLatch unstuck = new CountDownLatch(1);
        List<Record> got = new CopyOnWriteArrayList<>();
        Consumer<List<Record>> slow = records -> {
            await(unstuck);
            got.addAll(records);
        };
        byte[] one = message(0);
        try (ForwardSpool spool = new ForwardSpool(dir, one.length * 10L, one.length * 2L, 50, NEVER_BUSY, 60_000, slow)) {
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < 30; i++) {
                        append(spool, message(i), false);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            sender.join(1000);
            assertTrue(sender.isAlive(), "30 messages do not fit a spool of 10 while nothing is handed on");
            assertTrue(spool.bytes() <= one.length * 10L, "within its limit: " + spool.bytes());
            unstuck.countDown();
            sender.join(20_000);
            assertFalse(sender.isAlive(), "the sender got on once there was room");
            awaitTrue(() -> got.size() == 30);
        }
    }

    @Test
    void whatAStopLeftIsHandedOnAtTheNextStart(@TempDir Path dir) throws Exception {
        List<Record> first = new CopyOnWriteArrayList<>();
        // Nothing is handed on within a minute unless a segment fills: all 20 are still spooled at close.
        try (ForwardSpool spool = new ForwardSpool(dir, 1 << 20, 1 << 20, 60_000, NEVER_BUSY, 60_000, first::addAll)) {
            for (int i = 0; i < 20; i++) {
                append(spool, message(i), i == 19);
            }
        }
        assertEquals(List.of(), first);
        assertEquals(1, segments(dir));

        List<Record> second = new CopyOnWriteArrayList<>();
        try (ForwardSpool spool = new ForwardSpool(dir, 1 << 20, 1 << 20, 60_000, NEVER_BUSY, 60_000, second::addAll)) {
            awaitTrue(() -> second.size() == 20);
            append(spool, message(20), true); // numbering goes on after what was left
        }
        assertEquals(19L, second.get(19).fields().get("i"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("segment-000000000000002.forward"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void aMessageWhoseEventsCannotBeDecodedIsSkippedAndTheNextOnesStillArrive(@TempDir Path dir) throws Exception {
        List<Record> got = new CopyOnWriteArrayList<>();
        byte[] broken;
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(2).packString("cd4ml.prediction").packBinaryHeader(3).writePayload(new byte[] {(byte) 0xc1, 1, 2});
            broken = p.toByteArray();
        }
        try (ForwardSpool spool = new ForwardSpool(dir, 1 << 20, 1 << 20, 50, NEVER_BUSY, 60_000, got::addAll)) {
            append(spool, message(1), false);
            append(spool, broken, false);
            append(spool, message(2), false);
            awaitTrue(() -> got.size() == 2);
        }
        assertEquals(List.of(1L, 2L), got.stream().map(r -> r.fields().get("i")).toList());
    }

    @Test
    void whileTheMachineIsBusyTheBacklogWaitsUntilItIsQuietOrTheSpoolIsHalfFull(@TempDir Path dir) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Record> got = new CopyOnWriteArrayList<>();
        byte[] one = message(0);
        try (ForwardSpool spool = new ForwardSpool(dir, one.length * 40L, one.length * 4L, 50, busy::get, 60_000, got::addAll)) {
            for (int i = 0; i < 10; i++) { // a quarter of the spool
                append(spool, message(i), false);
            }
            Thread.sleep(1500);
            assertEquals(List.of(), got, "nothing handed on while the machine is busy");
            busy.set(false);
            awaitTrue(() -> got.size() == 10);

            busy.set(true);
            for (int i = 10; i < 35; i++) { // more than half the spool: handed on although busy
                append(spool, message(i), false);
            }
            awaitTrue(() -> got.size() > 10 && spool.bytes() <= one.length * 20L); // down to half, a segment at a time
            Thread.sleep(1000);
            assertTrue(got.size() < 35, "the rest waits while the machine is busy: " + got.size());
        }
    }

    @Test
    void aMachineBusyForLongDelaysTheBacklogOnlyUpToTheMaximumDeferral(@TempDir Path dir) throws Exception {
        List<Record> got = new CopyOnWriteArrayList<>();
        byte[] one = message(0);
        // always busy, the spool far from half full: only the deferral bound hands the records on
        try (ForwardSpool spool = new ForwardSpool(dir, one.length * 1000L, one.length * 4L, 50, () -> true, 1_500, got::addAll)) {
            for (int i = 0; i < 10; i++) {
                append(spool, message(i), false);
            }
            Thread.sleep(500);
            assertEquals(List.of(), got, "still within the deferral");
            awaitTrue(() -> got.size() == 10);
            assertEquals(0L, got.get(0).fields().get("i"), "in the order they arrived");
        }
    }

    /** A PackedForward message with one prediction record {i: n}, as Fluency sends them. */
    static byte[] message(long i) throws IOException {
        byte[] entries;
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(2).packLong(T.getEpochSecond());
            p.packMapHeader(2).packString("i").packLong(i).packString("pad").packString("x".repeat(20));
            entries = p.toByteArray();
        }
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3).packString("cd4ml.prediction").packBinaryHeader(entries.length).writePayload(entries);
            p.packMapHeader(1).packString("size").packInt(1);
            return p.toByteArray();
        }
    }

    private static void append(ForwardSpool spool, byte[] message, boolean sync) throws IOException, InterruptedException {
        spool.append(message, message.length, sync);
    }

    private static long segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 20 s");
            Thread.sleep(20);
        }
    }
}
