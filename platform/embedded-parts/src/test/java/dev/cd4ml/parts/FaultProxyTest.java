package dev.cd4ml.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread c = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // closed
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = new FaultProxy("echo", "127.0.0.1", echo.getLocalPort(), 0);
        proxy.start();
    }

    @AfterEach
    void stop() throws IOException {
        proxy.stop();
        echo.close();
    }

    @Test
    void passesBytesBothWays() throws IOException {
        try (Socket s = connect()) {
            assertEquals("ping", roundTrip(s, "ping"));
        }
        assertEquals(8, proxy.bytesForwarded());
    }

    @Test
    void aStallHangsOpenConnectionsUntilHealedAndLosesNothing() throws Exception {
        try (Socket s = connect()) {
            assertEquals("one", roundTrip(s, "one"));
            proxy.stall();
            assertTrue(proxy.isStalled());
            s.getOutputStream().write("two".getBytes());
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "no byte passes a stall");
            proxy.heal();
            assertEquals("two", read(s, 3), "the bytes sent during the stall arrive after it");
        }
    }

    @Test
    void aStallHangsNewConnectionsToo() throws Exception {
        proxy.stall();
        try (Socket s = connect()) {
            s.getOutputStream().write("new".getBytes());
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            proxy.heal();
            assertEquals("new", read(s, 3));
        }
    }

    @Test
    void aCutClosesConnectionsAndRefusesNewOnesUntilHealed() throws Exception {
        try (Socket s = connect()) {
            assertEquals("a", roundTrip(s, "a"));
            proxy.cut();
            assertEquals(-1, readOrEnd(s), "the open connection is closed");
        }
        try (Socket s = connect()) {
            assertEquals(-1, readOrEnd(s), "a new connection is closed at once");
        }
        proxy.heal();
        try (Socket s = connect()) {
            assertEquals("b", roundTrip(s, "b"));
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(500);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        return read(s, text.length());
    }

    private static String read(Socket s, int n) throws IOException {
        s.setSoTimeout(5_000);
        byte[] bytes = s.getInputStream().readNBytes(n);
        s.setSoTimeout(500);
        return new String(bytes);
    }

    private static int readOrEnd(Socket s) throws IOException {
        s.setSoTimeout(5_000);
        try {
            return s.getInputStream().read();
        } catch (java.net.SocketException e) {
            return -1; // reset: closed as well
        }
    }
}
