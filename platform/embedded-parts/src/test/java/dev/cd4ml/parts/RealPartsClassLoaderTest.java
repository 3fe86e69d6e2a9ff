package dev.cd4ml.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Quarkus loads a test application's classes, this module's included, in a class loader of its
 * own. Such a copy of RealParts must hand out the JVM's parts, not start a second set.
 */
class RealPartsClassLoaderTest {

    @Test
    void aSecondCopyOfTheModuleSharesThePartsOfTheFirst() throws Exception {
        URL classes = RealParts.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader quarkusLike = new ChildFirst(classes, RealParts.class.getClassLoader())) {
            Class<?> copy = quarkusLike.loadClass(RealParts.class.getName());
            assertNotSame(RealParts.class, copy);

            Object view = copy.getMethod("forward").invoke(null);
            assertSame(quarkusLike, view.getClass().getClassLoader());
            assertEquals(RealParts.forward().port(), view.getClass().getMethod("port").invoke(view));

            List<Object> seenThroughView = new CopyOnWriteArrayList<>();
            Consumer<Object> sink = seenThroughView::add;
            view.getClass().getMethod("onRecord", Consumer.class).invoke(view, sink);

            send(RealParts.forward().port(), "cd4ml.test.classloader");
            List<?> records = (List<?>) view.getClass().getMethod("awaitRecords", String.class, int.class, Duration.class)
                .invoke(view, "cd4ml.test.classloader", 1, Duration.ofSeconds(10));
            Object record = records.get(0);
            assertSame(quarkusLike, record.getClass().getClassLoader());
            assertEquals(Map.of("source", "view"), record.getClass().getMethod("fields").invoke(record));
            assertEquals(1, seenThroughView.size());
            assertEquals(1, RealParts.forward().awaitRecords("cd4ml.test.classloader", 1, Duration.ZERO).size());
        }
    }

    private static void send(int port, String tag) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port); MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3).packString(tag).packLong(1_700_000_000L).packMapHeader(1).packString("source").packString("view");
            OutputStream out = socket.getOutputStream();
            out.write(p.toByteArray());
            out.flush();
        }
    }

    /** Loads this module's main classes itself, everything else from its parent: as Quarkus does. */
    private static final class ChildFirst extends URLClassLoader {

        ChildFirst(URL classes, ClassLoader parent) {
            super(new URL[] {classes}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.cd4ml.parts.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
    }
}
