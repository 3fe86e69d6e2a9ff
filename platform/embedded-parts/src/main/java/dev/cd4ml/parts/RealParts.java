package dev.cd4ml.parts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * The real parts shared by every test of a JVM: each one is started on first use, on a free port
 * with throw-away data, and all of them are stopped by a JVM shutdown hook. A part that a test
 * stopped is started again by the next call.
 *
 * <p>Quarkus runs each test application in its own class loader, so this class may be loaded
 * several times in one JVM; the copy of the system class loader owns the parts and the other
 * copies hand out views of them (see {@link Foreign}). One Kafka broker per JVM, whatever the
 * number of Quarkus test profiles.
 *
 * <p>Each part has its own lock, so that different parts can start at the same time
 * ({@link #startAll}): most of a part's start is waiting, for PostgreSQL's process or Kafka's quorum.
 */
public final class RealParts {

    private static final Class<?> OWNER = owner();
    private static final Map<String, Object> LOCKS = Map.of(
        "kafka", new Object(), "s3", new Object(), "postgres", new Object(), "forward", new Object(), "openSearch", new Object(),
        "keycloak", new Object());
    private static final Map<String, Part> PARTS = new ConcurrentHashMap<>();
    private static final List<Path> TEMP_DIRS = new ArrayList<>(); // guarded by RealParts.class
    // JUL holds loggers weakly; a level set on a collected logger would be forgotten.
    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>(); // guarded by RealParts.class
    private static boolean hookInstalled; // guarded by RealParts.class

    private RealParts() {
    }

    public static KafkaPart kafka() {
        return shared("kafka", KafkaPart::new, () -> new KafkaPart(tempDir("kafka"), 0));
    }

    public static S3Part s3() {
        return shared("s3", S3Part::new, () -> new S3Part(null, 0));
    }

    public static PostgresPart postgres() {
        return shared("postgres", PostgresPart::new, () -> new PostgresPart(null, 0));
    }

    public static ForwardReceiver forward() {
        return shared("forward", ForwardReceiver::new, () -> new ForwardReceiver(0));
    }

    /** Needs OpenSearch on the classpath (see {@link OpenSearchPart}). */
    public static OpenSearchPart openSearch() {
        return shared("openSearch", OpenSearchPart::new, () -> new OpenSearchPart(tempDir("opensearch"), 0));
    }

    /**
     * Keycloak with the platform's realm (a child process on Java 21+; see {@link KeycloakPart}). Only
     * modules whose tests need tokens ask for it: its first start in a JVM takes half a minute.
     */
    public static KeycloakPart keycloak() {
        return shared("keycloak", KeycloakPart::new, () -> new KeycloakPart(null, 0, null));
    }

    /**
     * The JVM's one {@link FaultProxy} in front of this part (kafka excepted: its clients connect to
     * the address the broker advertises, not the one they bootstrap from); started with the part.
     * A test that stalls or cuts it heals it when done ({@code finally}), since every later test
     * of the JVM sees the same proxy.
     */
    public static FaultProxy proxy(String part) {
        try {
            if (OWNER != null) {
                Object owned = OWNER.getMethod("proxy", String.class).invoke(null, part);
                return (FaultProxy) PARTS.computeIfAbsent("proxy:" + part, m -> new FaultProxy(new Foreign(owned)));
            }
            String target = switch (part) {
                case "postgres" -> postgres().jdbcUrl("postgres");
                case "s3" -> s3().endpoint();
                case "forward" -> "127.0.0.1:" + forward().port() + "/";
                case "opensearch" -> openSearch().httpUrl();
                default -> throw new IllegalArgumentException("no proxy for part: " + part + " (postgres, s3, forward, opensearch)");
            };
            synchronized (RealParts.class) {
                FaultProxy proxy = (FaultProxy) PARTS.get("proxy:" + part);
                if (proxy == null) {
                    proxy = new FaultProxy(part, "127.0.0.1", portOf(target), 0);
                    PARTS.put("proxy:" + part, proxy);
                }
                if (!proxy.isRunning()) {
                    startWithOwnClassLoader(proxy);
                }
                return proxy;
            }
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("cannot proxy " + part, e.getCause());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot proxy " + part, e);
        }
    }

    /**
     * Ends every fault a test made: heals each {@link FaultProxy} of the JVM and starts Kafka again
     * if a test stopped it. For a fault test's {@code @AfterEach}, so a failed test leaves no hung
     * part to the next one.
     */
    public static void endFaults() {
        try {
            if (OWNER != null) {
                OWNER.getMethod("endFaults").invoke(null);
                return;
            }
            for (Map.Entry<String, Part> e : PARTS.entrySet()) {
                if (e.getKey().startsWith("proxy:")) {
                    ((FaultProxy) e.getValue()).heal();
                }
            }
            Part kafka = PARTS.get("kafka");
            if (kafka != null && !kafka.isRunning()) {
                kafka();
            }
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("cannot end faults", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot end faults", e);
        }
    }

    /** The port in {@code ...127.0.0.1:PORT/...}. */
    static int portOf(String address) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(address);
        if (!m.find()) {
            throw new IllegalArgumentException("no 127.0.0.1 port in " + address);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * Starts these parts (names as in {@link RealPartsTestResource}: kafka, postgres, s3, forward,
     * opensearch, keycloak) side by side and returns when all are up; a JVM pays the slowest start, not the sum.
     */
    public static void startAll(Collection<String> names) {
        List<Runnable> starts = new ArrayList<>();
        for (String name : names) {
            starts.add(switch (name) {
                case "kafka" -> RealParts::kafka;
                case "postgres" -> RealParts::postgres;
                case "s3" -> RealParts::s3;
                case "forward" -> RealParts::forward;
                case "opensearch" -> RealParts::openSearch;
                case "keycloak" -> RealParts::keycloak;
                default -> throw new IllegalArgumentException("unknown part: " + name);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, starts.size()), r -> {
            Thread t = new Thread(r, "cd4ml-parts-start");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> started = new ArrayList<>();
            starts.forEach(start -> started.add(pool.submit(start)));
            for (Future<?> f : started) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + names, e);
        } finally {
            pool.shutdown();
        }
    }

    private interface Factory<T> {
        T create() throws IOException;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Part> T shared(String method, Function<Foreign, T> view, Factory<T> factory) {
        try {
            if (OWNER != null) {
                // The owner starts (or restarts) the part; this copy keeps one view of it.
                Object owned = OWNER.getMethod(method).invoke(null);
                return (T) PARTS.computeIfAbsent(method, m -> view.apply(new Foreign(owned)));
            }
            synchronized (LOCKS.get(method)) {
                T part = (T) PARTS.get(method);
                if (part == null) {
                    part = factory.create();
                    PARTS.put(method, part);
                }
                if (!part.isRunning()) {
                    installShutdownHookAndQuietLogs();
                    startWithOwnClassLoader(part);
                }
                return part;
            }
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("cannot start " + method, e.getCause());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + method, e);
        }
    }

    private static Class<?> owner() {
        try {
            Class<?> system = Class.forName(RealParts.class.getName(), false, ClassLoader.getSystemClassLoader());
            return system == RealParts.class ? null : system;
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // the system class loader does not see this module: this copy owns the parts
        }
    }

    /**
     * Threads inherit the context class loader of the thread that creates them; parts started from
     * a Quarkus test would otherwise keep (and look up services in) a class loader that Quarkus
     * closes when that application stops.
     */
    private static void startWithOwnClassLoader(Part part) throws Exception {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(RealParts.class.getClassLoader());
        try {
            part.start();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /**
     * Once, before the first part starts: the hook that stops them all, and quieter logs. In a
     * Quarkus test JVM both SLF4J and JUL end in JBoss LogManager, and the parts log hundreds of
     * INFO lines while starting, before the application has configured logging. A level set
     * through JUL reaches that backend; the application's own log categories still win once it
     * starts. Elsewhere (log4j2 behind SLF4J) this is harmless and the log4j2 configuration decides.
     */
    private static synchronized void installShutdownHookAndQuietLogs() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(RealParts::stopAll, "cd4ml-real-parts-stop"));
        for (String category : List.of("kafka", "org.apache.kafka", "state.change.logger", "org.gaul",
            "org.eclipse.jetty", "io.zonky", "org.opensearch")) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
            QUIETED.add(logger);
        }
    }

    private static synchronized Path tempDir(String name) throws IOException {
        Path dir = Files.createTempDirectory("cd4ml-" + name + "-");
        TEMP_DIRS.add(dir);
        return dir;
    }

    /** Stops every part at once (Kafka alone takes seconds), then removes the throw-away data. */
    private static void stopAll() {
        List<Part> parts;
        List<Path> dirs;
        synchronized (RealParts.class) {
            parts = new ArrayList<>(PARTS.values());
            dirs = new ArrayList<>(TEMP_DIRS);
        }
        List<Thread> stopping = new ArrayList<>();
        for (Part part : parts) {
            Thread t = new Thread(() -> {
                try {
                    part.stop();
                } catch (RuntimeException e) {
                    System.err.println("cd4ml real parts: stopping " + part.name() + " failed: " + e);
                }
            }, "cd4ml-stop-" + part.name());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        dirs.forEach(RealParts::deleteRecursively);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cd4ml real parts: could not delete " + dir + ": " + e);
        }
    }
}
