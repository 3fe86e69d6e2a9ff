package dev.cd4ml.parts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real OpenID Connect provider: Keycloak ({@code org.keycloak:keycloak-quarkus-dist}, the zip Maven
 * resolved from Maven Central when this module was built) as a child process in dev mode, with an
 * in-memory database and the platform's realm ({@code deploy/keycloak/cd4ml-realm.json}, packaged in
 * this jar) imported at start.
 *
 * <p>The realm file holds no secret: every {@code ${CD4ML_KC_...}} placeholder in it (client secrets,
 * demo passwords) is given a random value made up by this instance and passed to Keycloak in its
 * environment, which the import resolves. A restart imports the realm again with the same values.
 *
 * <p>Keycloak 26 needs Java 21+: the JDK is {@code -Dcd4ml.keycloak.java-home}, env
 * {@code KEYCLOAK_JAVA_HOME}, this JVM's when it is 21+, or the newest 21+ JDK under
 * {@code /usr/lib/jvm}. The distribution is unpacked and built once per machine under
 * {@code java.io.tmpdir/cd4ml-keycloak/<version>} (a file lock keeps concurrent JVMs apart), then
 * shared: with the in-memory database no start writes anything that another one reads.
 */
public final class KeycloakPart implements Part {

    public static final String REALM = "cd4ml";
    /** The audience every token of the realm carries (an audience mapper on each client). */
    public static final String AUDIENCE = "cd4ml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(CD4ML_KC_[A-Z0-9_]+)}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Foreign foreign;
    private final int port;
    private final String realmJson;
    private final Map<String, String> secrets;
    private final String adminPassword;
    private final Path log;
    private Process process;
    private Duration lastStart;

    /**
     * @param realmFileOrNull the realm to import, or null for the packaged {@code cd4ml-realm.json}
     * @param port            port on 127.0.0.1, 0 for a free one (chosen now and kept)
     * @param logOrNull       where Keycloak's output goes; null for a temporary file
     */
    public KeycloakPart(Path realmFileOrNull, int port, Path logOrNull) throws IOException {
        this(realmFileOrNull, port, logOrNull, Map.of(), null);
    }

    /**
     * @param given         values for placeholders kept from an earlier run (the local platform's {@code .run/});
     *                      the others are made up
     * @param adminOrNull   the master realm's admin password, or null to make one up
     */
    public KeycloakPart(Path realmFileOrNull, int port, Path logOrNull, Map<String, String> given, String adminOrNull)
        throws IOException {
        this.foreign = null;
        this.port = Ports.orFree(port);
        this.realmJson = realmFileOrNull == null ? packagedRealm() : Files.readString(realmFileOrNull);
        Map<String, String> made = new TreeMap<>();
        Matcher m = PLACEHOLDER.matcher(realmJson);
        while (m.find()) {
            made.computeIfAbsent(m.group(1), k -> given.getOrDefault(k, randomSecret()));
        }
        this.secrets = Map.copyOf(made);
        this.adminPassword = adminOrNull != null ? adminOrNull : randomSecret();
        this.log = logOrNull != null ? logOrNull : Files.createTempFile("cd4ml-keycloak-", ".log");
    }

    KeycloakPart(Foreign foreign) {
        this.foreign = foreign;
        this.port = -1;
        this.realmJson = null;
        this.secrets = null;
        this.adminPassword = null;
        this.log = null;
    }

    @Override
    public String name() {
        return "keycloak";
    }

    public String url() {
        return foreign != null ? (String) foreign.call("url") : "http://127.0.0.1:" + port;
    }

    /** The realm's issuer, what services give as {@code quarkus.oidc.auth-server-url}. */
    public String issuer() {
        return url() + "/realms/" + REALM;
    }

    public String tokenUrl() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** The secret made up for a confidential client of the realm (placeholder {@code CD4ML_KC_SECRET_<CLIENT>}). */
    public String clientSecret(String clientId) {
        return value(clientSecretKey(clientId));
    }

    /** The password made up for demo user {@code demo-<role>} (placeholder {@code CD4ML_KC_PASSWORD_<ROLE>}). */
    public String userPassword(String username) {
        return value(userPasswordKey(username));
    }

    /** The placeholder of a client's secret, also its key in PartMain's {@code secrets.properties}. */
    public static String clientSecretKey(String clientId) {
        return "CD4ML_KC_SECRET_" + envName(clientId);
    }

    /** The placeholder of a demo user's password, also its key in PartMain's {@code secrets.properties}. */
    public static String userPasswordKey(String username) {
        return "CD4ML_KC_PASSWORD_" + envName(username.startsWith("demo-") ? username.substring(5) : username);
    }

    /** Every placeholder of the realm file with the value made up for it (to print for the local platform). */
    @SuppressWarnings("unchecked")
    public Map<String, String> secrets() {
        return foreign != null ? (Map<String, String>) foreign.call("secrets") : secrets;
    }

    /** The temporary admin of the master realm (user {@code admin}), for the admin REST API. */
    public String adminPassword() {
        return foreign != null ? (String) foreign.call("adminPassword") : adminPassword;
    }

    /** How long the last start took until the realm's discovery document answered. */
    public Duration lastStart() {
        return foreign != null ? (Duration) foreign.call("lastStart") : lastStart;
    }

    /** The Keycloak process's pid, -1 when it is not running (to measure its memory). */
    public long pid() {
        if (foreign != null) {
            return (Long) foreign.call("pid");
        }
        Process p = process;
        if (p == null || !p.isAlive()) {
            return -1;
        }
        // kc.sh runs java as its child
        return p.descendants().map(ProcessHandle::pid).findFirst().orElse(p.pid());
    }

    /**
     * A token from the realm's token endpoint for a form ({@code grant_type=...}); the raw JSON answer.
     * Here so tests and the local platform need no client of their own.
     */
    public String token(Map<String, String> form) {
        try {
            StringBuilder body = new StringBuilder();
            for (Map.Entry<String, String> e : form.entrySet()) {
                if (body.length() > 0) {
                    body.append('&');
                }
                body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            }
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tokenUrl()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void start() throws Exception {
        if (foreign != null) {
            foreign.invoke("start");
            return;
        }
        if (isRunning()) {
            return;
        }
        long began = System.nanoTime();
        Path home = unpacked();
        Path built = home.getParent().resolve(".built");
        if (Files.exists(built)) {
            launch(home, began);
        } else {
            // The first start-dev of a distribution builds it for dev mode (lib/quarkus): one JVM at a time.
            try (FileChannel ch = FileChannel.open(home.getParent().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                launch(home, began);
                Files.writeString(built, version());
            }
        }
        lastStart = Duration.ofNanos(System.nanoTime() - began);
    }

    private void launch(Path home, long began) throws IOException, InterruptedException {
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        Path realm = imports.resolve(REALM + "-realm.json");
        // Same content from every JVM (the secrets are not in it): written atomically, never half seen.
        if (!Files.exists(realm) || !Files.readString(realm).equals(realmJson)) {
            Path tmp = Files.createTempFile(imports, ".realm-", ".tmp");
            Files.writeString(tmp, realmJson);
            Files.move(tmp, realm, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", home.resolve("bin/kc.sh").toString(), "start-dev",
            "--http-host=127.0.0.1", "--http-port=" + port, "--db=dev-mem", "--import-realm");
        environment(pb);
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        pb.environment().putAll(secrets);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        awaitDiscovery(began);
    }

    private void awaitDiscovery(long began) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        long deadline = began + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        stop();
        throw new IllegalStateException("Keycloak did not answer " + discovery + " within " + START_TIMEOUT + "; see " + log);
    }

    @Override
    public synchronized void stop() {
        if (foreign != null) {
            foreign.call("stop");
            return;
        }
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy(); // kc.sh passes SIGTERM on to its java
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            for (ProcessHandle c : children) {
                c.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        process = null;
    }

    @Override
    public boolean isRunning() {
        if (foreign != null) {
            return (Boolean) foreign.call("isRunning");
        }
        return process != null && process.isAlive();
    }

    private String value(String placeholder) {
        Map<String, String> all = secrets();
        String v = all.get(placeholder);
        if (v == null) {
            throw new IllegalArgumentException("the realm file has no placeholder " + placeholder + "; it has " + all.keySet());
        }
        return v;
    }

    static String envName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String randomSecret() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String packagedRealm() throws IOException {
        try (InputStream in = KeycloakPart.class.getResourceAsStream("keycloak/cd4ml-realm.json")) {
            if (in == null) {
                throw new IllegalStateException("cd4ml-realm.json is not packaged with " + KeycloakPart.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- the distribution

    private static Properties distProperties() {
        Properties p = new Properties();
        try (InputStream in = KeycloakPart.class.getResourceAsStream("keycloak/keycloak.properties")) {
            if (in == null) {
                throw new IllegalStateException("keycloak.properties is not packaged with " + KeycloakPart.class);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The Keycloak version this module was built against (the root pom's {@code keycloak.version}). */
    public static String version() {
        return distProperties().getProperty("version");
    }

    /** The unpacked distribution, once per machine and version (under a file lock). */
    static Path unpacked() throws IOException {
        Properties p = distProperties();
        String version = p.getProperty("version");
        Path zip = Path.of(System.getProperty("cd4ml.keycloak.zip", p.getProperty("zip")));
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "cd4ml-keycloak", version);
        Path home = dir.resolve("keycloak-" + version);
        Path done = dir.resolve(".unpacked");
        if (Files.exists(done)) {
            return home;
        }
        Files.createDirectories(dir);
        try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            if (Files.exists(done)) {
                return home;
            }
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("Keycloak distribution not found at " + zip
                    + ": build platform/embedded-parts (it resolves org.keycloak:keycloak-quarkus-dist:" + version + ":zip)"
                    + " or give -Dcd4ml.keycloak.zip=...");
            }
            RealParts.deleteRecursively(home);
            unzip(zip, dir);
            Files.writeString(done, version);
        }
        return home;
    }

    private static void unzip(Path zip, Path into) throws IOException {
        Path target = into.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    if (e.getName().endsWith(".sh")) {
                        out.toFile().setExecutable(true);
                    }
                }
            }
        }
    }

    private static void environment(ProcessBuilder pb) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", javaHome().toString());
        // A test part, not a production server: a small heap, and C1 only starts faster on 2 cores.
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx384m");
        env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        pb.environment().keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("QUARKUS_") || k.equals("JAVA_OPTS"));
        pb.environment().putAll(env);
    }

    /** A Java 21+ home for Keycloak. */
    static Path javaHome() {
        String given = System.getProperty("cd4ml.keycloak.java-home", System.getenv("KEYCLOAK_JAVA_HOME"));
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        if (Runtime.version().feature() >= 21) {
            return Path.of(System.getProperty("java.home"));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                Path best = null;
                int bestVersion = 0;
                for (Path h : homes.toList()) {
                    int v = feature(h);
                    if (v >= 21 && v > bestVersion && Files.isExecutable(h.resolve("bin/java"))) {
                        best = h;
                        bestVersion = v;
                    }
                }
                if (best != null) {
                    return best;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("Keycloak needs Java 21+: none found; give -Dcd4ml.keycloak.java-home or KEYCLOAK_JAVA_HOME");
    }

    /** The feature version in a JDK's {@code release} file ({@code JAVA_VERSION="25.0.1"}), 0 when unknown. */
    private static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(13).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
