package dev.cd4ml.parts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs one part as its own JVM, for the local platform:
 *
 * <pre>
 * java -cp CLASSPATH dev.cd4ml.parts.PartMain kafka|s3|postgres|forward|opensearch|keycloak --port N --dir DIR
 *      [--access-key K --secret-key S]   (s3)
 *      [--databases a,b,c]              (postgres: created when missing)
 *      [--opensearch-url URL]           (forward: index cd4ml.prediction / .feedback / .explanation / .rejection records there;
 *                                        with --dir, messages are spooled there first, as in Fluentd's file buffer)
 *      [--index-templates DIR]          (forward: put DIR's *.index-template.json there first)
 *      [--realm-file F]                 (keycloak: the realm to import, default the packaged deploy/keycloak/cd4ml-realm.json;
 *                                        with --dir, the secrets made up at the first start are kept in DIR/secrets.properties)
 *      [--busy-share S]                 (forward with --dir: while more than S (0..1) of the machine's CPU is busy
 *                                        at normal priority, the spooled backlog waits; default 0.5, 1 = never)
 *      [--max-deferral-ms M]            (forward with --dir: ... but no segment longer than M ms; default 10000)
 * </pre>
 *
 * Prints exactly one line on stdout, {@code READY <part> <endpoint>}, once the part answers; logs
 * go to stderr. Runs until SIGTERM (or SIGINT), which stops the part cleanly.
 */
public final class PartMain {

    private static final Set<String> OPTIONS = Set.of("port", "dir", "access-key", "secret-key", "databases", "opensearch-url",
        "index-templates", "busy-share", "max-deferral-ms", "realm-file");

    private PartMain() {
    }

    /**
     * With a directory, the secrets of the first start are kept (owner-only file) and printed, so the
     * services started next, and the people trying the demo, can be given them; never in the repository.
     */
    private static KeycloakPart keycloakPart(Path dir, int port, String realmFile) throws java.io.IOException {
        Path realm = realmFile == null ? null : Path.of(realmFile);
        if (dir == null) {
            KeycloakPart part = new KeycloakPart(realm, port, null);
            part.secrets().forEach((k, v) -> System.err.println(k + "=" + v));
            System.err.println("KEYCLOAK_ADMIN_PASSWORD=" + part.adminPassword());
            return part;
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("secrets.properties");
        java.util.Properties kept = new java.util.Properties();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                kept.load(in);
            }
        }
        Map<String, String> given = new HashMap<>();
        kept.stringPropertyNames().forEach(k -> given.put(k, kept.getProperty(k)));
        KeycloakPart part = new KeycloakPart(realm, port, dir.resolve("keycloak.log"), given, given.get("KEYCLOAK_ADMIN_PASSWORD"));
        java.util.Properties all = new java.util.Properties();
        all.putAll(part.secrets());
        all.put("KEYCLOAK_ADMIN_PASSWORD", part.adminPassword());
        if (!Files.exists(file)) {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
        try (var out = Files.newBufferedWriter(file)) {
            all.store(out, "made up at the first start of keycloak; realm cd4ml");
        }
        System.err.println("keycloak secrets (kept in " + file + "):");
        new java.util.TreeMap<>(all).forEach((k, v) -> System.err.println("  " + k + "=" + v));
        return part;
    }

    public static void main(String[] args) throws Exception {
        // Before anything logs: a quiet log4j2 configuration on stderr, and no log4j2 shutdown
        // hook, so that what the part says while it stops still gets out.
        System.setProperty("log4j2.configurationFile",
            System.getProperty("log4j2.configurationFile", "dev/cd4ml/parts/log4j2-parts.xml"));
        System.setProperty("log4j2.shutdownHookEnabled", "false");

        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: PartMain <kafka|s3|postgres|forward|opensearch|keycloak> --port N --dir DIR "
                + "[--access-key K --secret-key S] [--realm-file F] [--databases a,b,c] [--opensearch-url URL [--index-templates DIR]] [--busy-share S] [--max-deferral-ms M]");
            System.exit(2);
            return;
        }
        String which = args[0];
        int port = Integer.parseInt(options.getOrDefault("port", "0"));
        Path dir = options.containsKey("dir") ? Path.of(options.get("dir")) : null;
        // Kafka and OpenSearch need a directory; without --dir they get one that goes with the JVM.
        Path temporary = dir == null && (which.equals("kafka") || which.equals("opensearch"))
            ? Files.createTempDirectory("cd4ml-" + which + "-") : null;
        if (temporary != null) {
            dir = temporary;
        }

        Part part;
        String endpoint;
        BulkIndexer indexer = null;
        try {
            switch (which) {
                case "kafka" -> {
                    KafkaPart kafka = new KafkaPart(dir, port);
                    part = kafka;
                    kafka.start();
                    endpoint = kafka.bootstrapServers();
                }
                case "s3" -> {
                    String access = options.get("access-key");
                    String secret = options.get("secret-key");
                    if ((access == null) != (secret == null)) {
                        throw new IllegalArgumentException("give both --access-key and --secret-key, or neither");
                    }
                    S3Part s3 = access == null ? new S3Part(dir, port) : new S3Part(dir, port, access, secret);
                    if (access == null) {
                        System.err.println("s3 keys made up for this run: access-key=" + s3.accessKey() + " secret-key=" + s3.secretKey());
                    }
                    part = s3;
                    s3.start();
                    endpoint = s3.endpoint();
                }
                case "postgres" -> {
                    PostgresPart postgres = new PostgresPart(dir, port);
                    part = postgres;
                    postgres.start();
                    for (String db : options.getOrDefault("databases", "").split(",")) {
                        if (!db.isBlank()) {
                            postgres.createDatabaseIfMissing(db.trim());
                        }
                    }
                    endpoint = postgres.jdbcUrl("postgres");
                }
                case "forward" -> {
                    ForwardReceiver forward = new ForwardReceiver(port, 0); // its records only go to the sinks
                    if (dir != null) {
                        // Fluentd's file buffer: a burst is taken now and indexed later
                        double busyShare = Double.parseDouble(options.getOrDefault("busy-share", "" + ForwardSpool.BUSY_SHARE));
                        long maxDeferral = Long.parseLong(options.getOrDefault("max-deferral-ms", "" + ForwardSpool.MAX_DEFERRAL_MILLIS));
                        forward.spoolTo(dir, new MachineLoad(busyShare), maxDeferral);
                    }
                    if (options.containsKey("opensearch-url")) {
                        indexer = new BulkIndexer(options.get("opensearch-url"));
                        if (options.containsKey("index-templates")) {
                            indexer.putIndexTemplates(Path.of(options.get("index-templates")));
                        }
                        forward.onRecord(indexer);
                    }
                    part = forward;
                    forward.start();
                    endpoint = "127.0.0.1:" + forward.port();
                }
                case "opensearch" -> {
                    OpenSearchPart openSearch = new OpenSearchPart(dir, port);
                    part = openSearch;
                    openSearch.start();
                    endpoint = openSearch.httpUrl();
                }
                case "keycloak" -> {
                    KeycloakPart keycloak = keycloakPart(dir, port, options.get("realm-file"));
                    part = keycloak;
                    keycloak.start();
                    endpoint = keycloak.issuer();
                    System.err.println("keycloak started in " + keycloak.lastStart().toMillis() + " ms, pid " + keycloak.pid());
                }
                default -> throw new IllegalArgumentException("unknown part: " + which);
            }
        } catch (Exception e) {
            System.err.println("cannot start " + which + ":");
            e.printStackTrace();
            System.exit(1);
            return;
        }

        BulkIndexer flushOnStop = indexer;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            part.stop(); // the receiver first: nothing new reaches the indexer after this
            if (flushOnStop != null) {
                flushOnStop.close();
            }
            if (temporary != null) {
                RealParts.deleteRecursively(temporary);
            }
        }, "cd4ml-part-stop"));
        System.out.println("READY " + which + " " + endpoint);
        System.out.flush();
        Thread.currentThread().join(); // the shutdown hook ends the JVM
    }

    static Map<String, String> parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("which part?");
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            String key = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (key == null || !OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option: " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("no value for " + args[i]);
            }
            options.put(key, args[i + 1]);
        }
        return options;
    }
}
