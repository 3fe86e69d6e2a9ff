package dev.cd4ml.parts;

/**
 * A real part of the platform (broker, object store, database, log receiver, search engine) running
 * in this JVM, or as the child process it owns, on 127.0.0.1.
 */
public interface Part extends AutoCloseable {

    String name();

    /** Starts the part; a no-op when it is already running. */
    void start() throws Exception;

    /** Stops the part and releases its port; a no-op when it is not running. */
    void stop();

    boolean isRunning();

    @Override
    default void close() {
        stop();
    }
}
