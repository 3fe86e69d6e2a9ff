package dev.cd4ml.parts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a real part (or a service) that a fault test can hang or cut, the way an
 * operator's {@code kill -STOP} / {@code kill -CONT} or a dropped network does, for parts that run
 * inside the test JVM and so cannot be sent a signal.
 *
 * <ul>
 *   <li>{@link #stall()}: every connection stays open and no byte passes either way; new connections
 *       are accepted and wait (a stopped process's kernel still completes the handshake). Clients
 *       see a hang, never an error: only their own timeouts end the wait.</li>
 *   <li>{@link #cut()}: every connection is closed, new ones are closed at once (a crashed part).</li>
 *   <li>{@link #heal()}: bytes flow again; stalled connections resume where they were.</li>
 * </ul>
 *
 * Shared per JVM like the parts: {@link RealParts#proxy(String)}; {@link RealPartsTestResource}'s
 * {@code proxied} arg points a test application at it.
 */
public final class FaultProxy implements Part {

    private static final int BUFFER = 64 * 1024;

    private final Foreign foreign;
    private final String name;
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean stalled;
    private volatile boolean cut;
    private volatile ServerSocket server;

    /** A proxy on {@code port} (0 = free, chosen now and kept across stop/start) to {@code targetHost:targetPort}. */
    public FaultProxy(String name, String targetHost, int targetPort, int port) {
        this.foreign = null;
        this.name = name;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = Ports.orFree(port);
    }

    FaultProxy(Foreign foreign) {
        this.foreign = foreign;
        this.name = (String) foreign.call("name");
        this.targetHost = null;
        this.targetPort = -1;
        this.port = (Integer) foreign.call("port");
    }

    @Override
    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** Hangs every connection, present and future, until {@link #heal()}. */
    public void stall() {
        if (foreign != null) {
            foreign.call("stall");
            return;
        }
        stalled = true;
    }

    /** Closes every connection and refuses (closes at once) new ones until {@link #heal()}. */
    public void cut() {
        if (foreign != null) {
            foreign.call("cut");
            return;
        }
        synchronized (gate) {
            cut = true;
            gate.notifyAll();
        }
        closeAll();
    }

    /** Lets bytes flow again: stalled connections resume, new connections reach the target. */
    public void heal() {
        if (foreign != null) {
            foreign.call("heal");
            return;
        }
        synchronized (gate) {
            stalled = false;
            cut = false;
            gate.notifyAll();
        }
    }

    public boolean isStalled() {
        return foreign != null ? (Boolean) foreign.call("isStalled") : stalled;
    }

    /** Bytes passed in both directions since start: a test can check that traffic really went through. */
    public long bytesForwarded() {
        return foreign != null ? (Long) foreign.call("bytesForwarded") : forwarded.get();
    }

    public long connectionsAccepted() {
        return foreign != null ? (Long) foreign.call("connectionsAccepted") : accepted.get();
    }

    @Override
    public synchronized void start() throws Exception {
        if (foreign != null) {
            foreign.invoke("start");
            return;
        }
        if (server != null) {
            return;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        server = s;
        daemon("fault-proxy-" + name + "-accept", () -> acceptLoop(s)).start();
    }

    @Override
    public synchronized void stop() {
        if (foreign != null) {
            foreign.call("stop");
            return;
        }
        ServerSocket s = server;
        server = null;
        if (s != null) {
            closeQuietly(s);
        }
        closeAll();
        heal();
    }

    @Override
    public boolean isRunning() {
        return foreign != null ? (Boolean) foreign.call("isRunning") : server != null;
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // closed by stop()
            }
            accepted.incrementAndGet();
            if (cut) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            daemon("fault-proxy-" + name + "-conn", () -> connect(client)).start();
        }
    }

    private void connect(Socket client) {
        Socket upstream = null;
        try {
            client.setTcpNoDelay(true);
            awaitFlowing();
            if (cut) {
                throw new SocketException("cut");
            }
            upstream = new Socket();
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            open.add(upstream);
            Socket up = upstream;
            daemon("fault-proxy-" + name + "-up", () -> pump(client, up)).start();
            pump(up, client);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
            if (upstream != null) {
                closeQuietly(upstream);
            }
        }
    }

    /** Copies {@code from} to {@code to}; each chunk read waits at the gate while stalled. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitFlowing();
                if (cut) {
                    break;
                }
                // counted before the write: once the far side has the bytes, the count must already say so
                forwarded.addAndGet(n);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the other side closed, or cut()
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitFlowing() throws InterruptedException {
        if (!stalled) {
            return;
        }
        synchronized (gate) {
            while (stalled && !cut) {
                gate.wait();
            }
        }
    }

    private void closeAll() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    private void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing
        }
        if (c instanceof Socket socket) {
            open.remove(socket);
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
