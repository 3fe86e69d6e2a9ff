package dev.cd4ml.parts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free ports on 127.0.0.1, for the parts and for anything tests start beside them (services, receivers). */
public final class Ports {

    private Ports() {
    }

    /**
     * A port free on 127.0.0.1 right now. The parts need the port before they start (their
     * advertised endpoints name it, and a restart must come back on it), so they cannot simply bind
     * port 0; the short window between this probe and the real bind is accepted.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    public static int orFree(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port == 0 ? free() : port;
    }
}
