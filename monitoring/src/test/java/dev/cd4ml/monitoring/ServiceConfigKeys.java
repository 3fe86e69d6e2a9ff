package dev.cd4ml.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration a service module understands, read from its code: the keys of its
 * application.properties, the {@code @ConfigMapping} interfaces and {@code @ConfigProperty} names of
 * its sources and of the platform modules it depends on, and the environment variables its
 * properties reference ({@code ${GO_REVISION:}}). An environment variable is known when Quarkus would
 * map it onto one of them: the key upper-cased, every other character as {@code _}.
 */
final class ServiceConfigKeys {

    /** Quarkus runtime keys a deployment may set without the service naming them. */
    private static final Set<String> GENERAL_QUARKUS = Set.of("QUARKUS_HTTP_PORT", "QUARKUS_PROFILE", "QUARKUS_LOG_LEVEL");

    /** The quarkus-oidc runtime keys a deployment sets to verify the realm's tokens. */
    static final List<String> OIDC = List.of("quarkus.oidc.tenant-enabled", "quarkus.oidc.auth-server-url");
    /** The quarkus-oidc-client keys a deployment sets for a service calling others as its own client. */
    static final List<String> OIDC_CLIENT = List.of("quarkus.oidc-client.client-enabled", "quarkus.oidc-client.auth-server-url",
        "quarkus.oidc-client.client-id", "quarkus.oidc-client.credentials.secret");

    final String module;
    /** The module's folder in the repository: its name, or e.g. {@code monitoring/service} for monitoring-service. */
    final String dir;
    final Properties properties = new Properties();
    private final List<Pattern> envPatterns = new ArrayList<>();
    private final Set<String> keys = new LinkedHashSet<>();

    ServiceConfigKeys(String module) {
        this(module, module);
    }

    ServiceConfigKeys(String module, String dir) {
        this.module = module;
        this.dir = dir;
        Path props = Repo.path(dir + "/src/main/resources/application.properties");
        try (var in = Files.newBufferedReader(props)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no application.properties in module " + module, e);
        }
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("%")) { // %test.… keys exist in tests only
                addKey(key);
            }
            Matcher env = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(properties.getProperty(key));
            while (env.find()) {
                envPatterns.add(Pattern.compile(Pattern.quote(env.group(1))));
            }
        }
        // quarkus-oidc comes with platform/service-support (its defaults in META-INF/microprofile-config.properties);
    // a deployment turns it on with these. quarkus-oidc-client is a service's own: only where it names its client.
    if (sourceRoots().contains(Repo.path("platform/service-support/src/main/java"))) {
        OIDC.forEach(this::addKey);
    }
    if (properties.getProperty("quarkus.oidc-client.client-id") != null) {
        OIDC_CLIENT.forEach(this::addKey);
    }
    for (Path sources : sourceRoots()) {
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(this::scan);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Set<String> keys() {
        return keys;
    }

    boolean knows(String envVar) {
        return GENERAL_QUARKUS.contains(envVar) || envPatterns.stream().anyMatch(p -> p.matcher(envVar).matches());
    }

    /** quarkus.http.port as this module sets it by default. */
    int defaultPort() {
        return Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
    }

    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private void addKey(String key) {
        keys.add(key);
        String[] parts = key.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("[A-Z0-9_]+");
            }
            regex.append(Pattern.quote(envName(parts[i])));
        }
        envPatterns.add(Pattern.compile(regex.toString()));
    }

    /** The module's sources and those of the platform modules its POM names (dev.cd4ml:cd4ml-…). */
    private List<Path> sourceRoots() {
        List<Path> roots = new ArrayList<>();
        roots.add(Repo.path(dir + "/src/main/java"));
        String pom = Repo.read(dir + "/pom.xml");
        Matcher dependency = Pattern.compile("<artifactId>cd4ml-([a-z-]+)</artifactId>").matcher(pom);
        while (dependency.find()) {
            Path platform = Repo.path("platform/" + dependency.group(1) + "/src/main/java");
            // Test-scope modules configure nothing of a deployed service.
            if (Files.isDirectory(platform) && !Set.of("embedded-parts", "test-fixtures").contains(dependency.group(1))) {
                roots.add(platform);
            }
        }
        return roots;
    }

    private void scan(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        source = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        Matcher property = Pattern.compile("@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"").matcher(source);
        while (property.find()) {
            addKey(property.group(1));
        }
        Matcher mapping = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"[^)]*\\)[^{]*?interface\\s+(\\w+)[^{]*\\{")
            .matcher(source);
        while (mapping.find()) {
            members(source, mapping.end() - 1, mapping.group(1));
        }
    }

    /** Walks an interface body starting at its '{', adding a key per method (nested groups and maps recursively). */
    private void members(String source, int open, String prefix) {
        int close = matching(source, open);
        String body = source.substring(open + 1, close);
        // nested interfaces of this one: name -> body start
        java.util.Map<String, Integer> nested = new java.util.HashMap<>();
        Matcher n = Pattern.compile("interface\\s+(\\w+)[^{]*\\{").matcher(body);
        StringBuilder own = new StringBuilder();
        int from = 0;
        while (n.find(from)) {
            int start = open + 1 + n.end() - 1;
            nested.put(n.group(1), start);
            own.append(body, from, n.start());
            from = matching(source, start) - open;
        }
        own.append(body.substring(Math.min(from, body.length())));
        // every nested interface anywhere in the file can be a member type
        Matcher anyNested = Pattern.compile("interface\\s+(\\w+)[^{]*\\{").matcher(source);
        while (anyNested.find()) {
            nested.putIfAbsent(anyNested.group(1), anyNested.end() - 1);
        }
        String[] statements = own.toString().split(";");
        for (String statement : statements) {
            String text = statement.trim();
            Matcher decl = Pattern.compile("(?s)^(.*?)([\\w.]+(?:<[^()]*>)?)\\s+(\\w+)\\s*\\(\\s*\\)$").matcher(text);
            if (!decl.find() || text.contains("default ") || text.contains("static ")) {
                continue;
            }
            String annotations = decl.group(1);
            String type = decl.group(2);
            String method = decl.group(3);
            Matcher withName = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"").matcher(annotations);
            String name = withName.find() ? withName.group(1) : kebab(method);
            String key = prefix + "." + name;
            Matcher optional = Pattern.compile("^Optional<(.+)>$").matcher(type);
            if (optional.matches()) {
                type = optional.group(1);
            }
            Matcher map = Pattern.compile("^Map<\\s*String\\s*,\\s*(\\w+)\\s*>$").matcher(type);
            if (map.matches()) {
                key = key + ".*";
                type = map.group(1);
            }
            if (nested.containsKey(type)) {
                members(source, nested.get(type), key);
            } else {
                addKey(key);
            }
        }
    }

    private static int matching(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced braces");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
