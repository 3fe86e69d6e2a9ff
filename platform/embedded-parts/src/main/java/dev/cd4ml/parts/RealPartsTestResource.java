package dev.cd4ml.parts;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the JVM's shared real parts ({@link RealParts}):
 *
 * <pre>
 * &#64;WithTestResource(value = RealPartsTestResource.class,
 *     initArgs = {&#64;ResourceArg(name = "parts", value = "kafka,postgres,s3,forward"),
 *                 &#64;ResourceArg(name = "database", value = "registry")})
 * </pre>
 *
 * Args: {@code parts}, a comma list of kafka, postgres, s3, forward, opensearch, keycloak (default
 * kafka,postgres,s3); {@code client}, with keycloak: the realm's client the service calls others as
 * ({@code quarkus.oidc-client.*}); {@code database}, the PostgreSQL database to use, created when missing
 * (default app); {@code proxied}, a comma list of parts (postgres, s3, forward, opensearch) the
 * application reaches through the JVM's {@link FaultProxy} for that part ({@link RealParts#proxy}),
 * so a fault test can stall or cut it. Only the configuration of the parts asked for is returned.
 */
public class RealPartsTestResource implements QuarkusTestResourceLifecycleManager {

    static final Set<String> KNOWN = Set.of("kafka", "postgres", "s3", "forward", "opensearch", "keycloak");

    private Set<String> parts = new LinkedHashSet<>(List.of("kafka", "postgres", "s3"));
    private String database = "app";
    private Set<String> proxied = Set.of();
    private String client;

    @Override
    public void init(Map<String, String> initArgs) {
        String list = initArgs.get("parts");
        if (list != null) {
            parts = new LinkedHashSet<>();
            for (String part : list.split(",")) {
                String name = part.trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                if (!KNOWN.contains(name)) {
                    throw new IllegalArgumentException("unknown part '" + part.trim() + "' in parts=" + list + "; known: " + KNOWN);
                }
                parts.add(name);
            }
        }
        database = initArgs.getOrDefault("database", database);
        client = initArgs.get("client");
        String through = initArgs.get("proxied");
        if (through != null) {
            proxied = new LinkedHashSet<>();
            for (String part : through.split(",")) {
                String name = part.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    if (!parts.contains(name) || name.equals("kafka")) {
                        throw new IllegalArgumentException("proxied=" + through + ": '" + name
                            + "' must be one of parts=" + parts + " other than kafka");
                    }
                    proxied.add(name);
                }
            }
        }
    }

    /** {@code url} with the part's port replaced by its proxy's, when the part is proxied. */
    private String via(String part, String url) {
        if (!proxied.contains(part)) {
            return url;
        }
        return url.replace("127.0.0.1:" + RealParts.portOf(url), "127.0.0.1:" + RealParts.proxy(part).port());
    }

    @Override
    public Map<String, String> start() {
        RealParts.startAll(parts);
        Map<String, String> config = new LinkedHashMap<>();
        if (parts.contains("kafka")) {
            config.put("kafka.bootstrap.servers", RealParts.kafka().bootstrapServers());
        }
        if (parts.contains("postgres")) {
            PostgresPart postgres = RealParts.postgres();
            postgres.createDatabaseIfMissing(database);
            config.put("quarkus.datasource.jdbc.url", via("postgres", postgres.jdbcUrl(database)));
            config.put("quarkus.datasource.username", postgres.username());
            config.put("quarkus.datasource.password", postgres.password());
        }
        if (parts.contains("s3")) {
            S3Part s3 = RealParts.s3();
            config.put("cd4ml.s3.endpoint", via("s3", s3.endpoint()));
            config.put("cd4ml.s3.access-key", s3.accessKey());
            config.put("cd4ml.s3.secret-key", s3.secretKey());
        }
        if (parts.contains("forward")) {
            config.put("cd4ml.fluentd.host", "127.0.0.1");
            config.put("cd4ml.fluentd.port", String.valueOf(proxied.contains("forward")
                ? RealParts.proxy("forward").port() : RealParts.forward().port()));
        }
        if (parts.contains("opensearch")) {
            config.put("cd4ml.opensearch.url", via("opensearch", RealParts.openSearch().httpUrl()));
        }
        if (parts.contains("keycloak")) {
            KeycloakPart keycloak = RealParts.keycloak();
            config.put("quarkus.oidc.tenant-enabled", "true");
            config.put("quarkus.oidc.auth-server-url", keycloak.issuer());
            if (client != null) {
                // The service calls its neighbours as itself (OIDC client credentials).
                config.put("quarkus.oidc-client.client-enabled", "true");
                config.put("quarkus.oidc-client.auth-server-url", keycloak.issuer());
                config.put("quarkus.oidc-client.client-id", client);
                config.put("quarkus.oidc-client.credentials.secret", keycloak.clientSecret(client));
            }
        }
        return config;
    }

    /** Nothing: the parts are shared by the whole JVM and stopped by its shutdown hook. */
    @Override
    public void stop() {
    }
}
