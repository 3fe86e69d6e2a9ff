package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * deploy/compose and deploy/k8s, checked offline: Debian's docker-compose validates and resolves the
 * compose file, kubectl's Kustomize renders both overlays, and every service container, port, URL and
 * environment variable named there exists in the services' code. A component test: it runs those two
 * tools, which {@code .ci/prerequisites} sets up before Maven; a missing one fails, naming the fix.
 */
class DeployFilesComponentTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Service module (= image name) -> its folder in the repository. */
    static final Map<String, String> MODULE_DIRS = Map.of("data-service", "data-service", "training-service", "training-service",
        "registry-service", "registry-service", "serving-service", "serving-service", "monitoring-service", "monitoring/service");
    static final List<String> MODULES = List.copyOf(MODULE_DIRS.keySet());
    static final Pattern IMAGE = Pattern.compile("(?:.*/)?(" + String.join("|", MODULES) + "):[^/]+$");
    /** host and port of a URL, past any user:password@ (monitoring-service's search URL carries them). */
    static final Pattern URL = Pattern.compile("^(?:http|jdbc:postgresql)://(?:[^@/]*@)?([a-z0-9.-]+):(\\d+)(/[^?]*)?(?:\\?.*)?$");
    static final Map<String, ServiceConfigKeys> CODE = new HashMap<>();

    @BeforeAll
    static void readTheCode() {
        MODULE_DIRS.forEach((module, dir) -> CODE.put(module, new ServiceConfigKeys(module, dir)));
    }

    // --- compose ---------------------------------------------------------------------------------

    @Test
    void composeFileIsValid() throws Exception {
        Result r = compose("config", "-q");
        assertThat(r.exit).as(r.output).isZero();
    }

    @Test
    void composeRunsEveryServiceWithConfigTheCodeKnows() throws Exception {
        Result r = compose("config");
        assertThat(r.exit).as(r.output).isZero();
        JsonNode services = YAML.readTree(r.stdout).path("services");
        Map<String, Integer> appPorts = new LinkedHashMap<>();
        Map<String, String> servingEnvironments = new HashMap<>();
        List<String> modules = new ArrayList<>();

        services.fields().forEachRemaining(e -> {
            Matcher image = IMAGE.matcher(e.getValue().path("image").asText());
            if (!image.matches()) {
                return;
            }
            String module = image.group(1);
            modules.add(module);
            ServiceConfigKeys code = CODE.get(module);
            Map<String, String> env = env(e.getValue().path("environment"));
            env.keySet().forEach(var -> assertThat(code.knows(var))
                .as("compose %s: %s maps to no config key of %s", e.getKey(), var, module).isTrue());
            int port = env.containsKey("QUARKUS_HTTP_PORT") ? Integer.parseInt(env.get("QUARKUS_HTTP_PORT")) : code.defaultPort();
            appPorts.put(e.getKey(), port);
            List<Integer> targets = new ArrayList<>();
            e.getValue().path("ports").forEach(p -> targets.add(p.isTextual()
                ? Integer.parseInt(p.asText().replaceAll(".*:", "")) : p.path("target").asInt()));
            assertThat(targets).as("compose %s container port", e.getKey()).containsExactly(port);
            assertThat(e.getValue().at("/healthcheck/test").toString()).as("compose %s health check", e.getKey())
                .contains("/dev/tcp/127.0.0.1/" + port).containsPattern("/q/health/(ready|live)");
            if (module.equals("serving-service")) {
                servingEnvironments.put(env.get("CD4ML_SERVING_ENVIRONMENT"), e.getKey());
            }
            assertThat(e.getValue().path("depends_on").isEmpty()).as("compose %s start order", e.getKey()).isFalse();
        });

        assertThat(modules).containsExactlyInAnyOrder("data-service", "registry-service", "training-service",
            "serving-service", "serving-service", "monitoring-service");
        assertThat(servingEnvironments).containsOnlyKeys("test", "production");
        assertThat(appPorts.get(servingEnvironments.get("test"))).isEqualTo(8084);
        assertThat(appPorts.get(servingEnvironments.get("production"))).isEqualTo(8085);
        assertThat(appPorts.get("monitoring-service")).isEqualTo(8086);
        // monitoring-service reads the log store the index templates shaped, and the two services it asks
        for (String before : List.of("elasticsearch-setup", "registry-service", "data-service")) {
            assertThat(services.at("/monitoring-service/depends_on/" + before).isMissingNode()).as("monitoring-service after " + before).isFalse();
        }
        // every database a service connects to is one the PostgreSQL init creates
        Set<String> databases = Set.of(env(services.at("/postgres/environment")).get("CD4ML_DATABASES").split("\\s+"));
        services.fields().forEachRemaining(e -> env(e.getValue().path("environment")).forEach((var, value) -> {
            Matcher url = URL.matcher(value);
            if (value.startsWith("jdbc:postgresql:") && url.matches()) {
                assertThat(databases).as("compose %s %s: database created by postgres/init-databases.sh", e.getKey(), var)
                    .contains(url.group(3).substring(1));
            }
        }));
        // every URL names a compose service, and an application at the port it listens on
        services.fields().forEachRemaining(e -> env(e.getValue().path("environment")).forEach((var, value) -> {
            Matcher url = URL.matcher(value);
            // KC_HOSTNAME is where people on the host reach Keycloak (the tokens' issuer), not a container's address
            if (url.matches() && !url.group(1).equals("localhost")) {
                assertThat(services.has(url.group(1))).as("compose %s %s=%s: no such service", e.getKey(), var, value).isTrue();
                if (appPorts.containsKey(url.group(1))) {
                    assertThat(Integer.parseInt(url.group(2))).as("compose %s %s", e.getKey(), var).isEqualTo(appPorts.get(url.group(1)));
                }
            }
        }));
        // the infrastructure the issue asks for, with health checks the services wait on
        for (String infra : List.of("kafka", "minio", "postgres", "fluentd", "elasticsearch", "kibana", "gocd-server", "gocd-agent")) {
            assertThat(services.has(infra)).as(infra).isTrue();
        }
        assertThat(services.at("/kibana-setup/depends_on/kibana/condition").asText()).isEqualTo("service_healthy");
        assertThat(services.at("/fluentd/depends_on/elasticsearch-setup/condition").asText()).isEqualTo("service_completed_successfully");
    }

    @Test
    void composeRunsTheImagesOfOneCodeRevisionNeverAMutableVersion() throws Exception {
        String file = Repo.read("deploy/compose/docker-compose.yml");
        Matcher ours = Pattern.compile("(?m)^\\s*image:\\s*\\$\\{CD4ML_IMAGE_GROUP:-cd4ml}/([a-z0-9-]+):(.+)$").matcher(file);
        List<String> images = new ArrayList<>();
        while (ours.find()) {
            images.add(ours.group(1));
            assertThat(ours.group(2)).as("tag of %s", ours.group(1)).startsWith("${CD4ML_REVISION:?");
        }
        assertThat(images).containsAll(MODULES);
        assertThat(Repo.read("deploy/compose/.env.example")).contains("CD4ML_REVISION=").doesNotContain("CD4ML_VERSION");
    }

    @Test
    void composeSecretsComeOnlyFromTheEnvFile() throws Exception {
        String file = Repo.read("deploy/compose/docker-compose.yml");
        Matcher secret = Pattern.compile("(?m)^\\s*([A-Z0-9_]*(?:PASSWORD|SECRET|TOKENS?|ACCESS_KEY)[A-Z0-9_]*):\\s*(.+)$").matcher(file);
        int found = 0;
        while (secret.find()) {
            if (secret.group(1).endsWith("_URL") || secret.group(1).endsWith("_ID")) {
                continue; // where a token comes from, and whose it is, are no secrets
            }
            found++;
            assertThat(secret.group(2)).as(secret.group(1)).startsWith("${");
        }
        assertThat(found).isGreaterThan(realmPlaceholders().size() + 10);
        assertThat(Repo.read("deploy/compose/.env.example")).contains("change-me");
        assertThat(Files.exists(Repo.path("deploy/compose/.env"))).as("a real .env next to the example").isFalse();
    }

    // --- kubernetes ------------------------------------------------------------------------------

    @Test
    void bothOverlaysRenderWithTheirNamespacesAndReplicas(@TempDir Path dir) throws Exception {
        Map<String, List<JsonNode>> rendered = Map.of("test", kustomize(dir, "test"), "production", kustomize(dir, "production"));

        rendered.forEach((env, docs) -> {
            for (JsonNode d : docs) {
                if (!d.path("kind").asText().equals("Namespace")) {
                    assertThat(d.at("/metadata/namespace").asText()).as(d.at("/metadata/name").asText()).isEqualTo("cd4ml-" + env);
                }
            }
            assertThat(names(docs, "Deployment")).containsExactlyInAnyOrder("data-service", "training-service",
                "registry-service", "serving-test", "serving-production", "monitoring-service", "keycloak");
        });
        assertThat(deployment(rendered.get("test"), "serving-production").path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(deployment(rendered.get("production"), "serving-production").path("spec").path("replicas").asInt()).isEqualTo(3);
        JsonNode hpa = rendered.get("production").stream().filter(d -> d.path("kind").asText().equals("HorizontalPodAutoscaler"))
            .findFirst().orElseThrow();
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("serving-production");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(names(rendered.get("test"), "HorizontalPodAutoscaler")).isEmpty();
    }

    @Test
    void kubernetesContainersUseConfigTheCodeKnows(@TempDir Path dir) throws Exception {
        for (String overlay : List.of("test", "production")) {
            List<JsonNode> docs = kustomize(dir.resolve(overlay), overlay);
            Map<String, JsonNode> configMaps = byName(docs, "ConfigMap");
            Map<String, JsonNode> secrets = byName(docs, "Secret");
            Map<String, Integer> servicePorts = new HashMap<>();
            Map<String, Integer> deploymentPorts = new HashMap<>();
            Set<String> modules = new HashSet<>();

            for (JsonNode d : docs) {
                if (!d.path("kind").asText().equals("Deployment")) {
                    continue;
                }
                String name = d.at("/metadata/name").asText();
                if (name.equals("keycloak")) {
                    continue; // not a service of ours: keycloakRunsInProductionModeWithTheRepositorysRealm
                }
                JsonNode container = d.at("/spec/template/spec/containers/0");
                Matcher image = IMAGE.matcher(container.path("image").asText());
                assertThat(image.matches()).as("%s image %s is a service's", name, container.path("image")).isTrue();
                String module = image.group(1);
                modules.add(module);
                ServiceConfigKeys code = CODE.get(module);
                Map<String, String> env = new LinkedHashMap<>();
                for (JsonNode from : container.path("envFrom")) {
                    JsonNode cm = configMaps.get(from.at("/configMapRef/name").asText());
                    assertThat(cm).as("%s envFrom %s", name, from).isNotNull();
                    cm.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                }
                for (JsonNode e : container.path("env")) {
                    env.put(e.path("name").asText(), e.path("value").asText(""));
                    JsonNode ref = e.at("/valueFrom/secretKeyRef");
                    if (!ref.isMissingNode()) {
                        JsonNode secret = secrets.get(ref.path("name").asText());
                        assertThat(secret).as("%s secret %s", name, ref).isNotNull();
                        assertThat(secret.path("data").has(ref.path("key").asText())).as("%s secret key %s", name, ref).isTrue();
                    }
                }
                env.keySet().forEach(var -> assertThat(code.knows(var))
                    .as("k8s %s %s: %s maps to no config key of %s", overlay, name, var, module).isTrue());
                int port = env.containsKey("QUARKUS_HTTP_PORT") ? Integer.parseInt(env.get("QUARKUS_HTTP_PORT")) : code.defaultPort();
                deploymentPorts.put(name, port);
                assertThat(container.at("/ports/0/containerPort").asInt()).as("%s containerPort", name).isEqualTo(port);
                assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
                assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
                assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
                assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
                assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
                assertThat(container.at("/resources/requests/cpu").isMissingNode()).as("%s resources", name).isFalse();
                assertThat(container.at("/resources/limits/memory").isMissingNode()).as("%s memory limit", name).isFalse();
                if (module.equals("serving-service")) {
                    assertThat(env.get("CD4ML_SERVING_ENVIRONMENT")).isEqualTo(name.replace("serving-", ""));
                }
            }
            assertThat(modules).containsExactlyInAnyOrderElementsOf(MODULES);
            assertThat(deploymentPorts).containsEntry("serving-test", 8084).containsEntry("serving-production", 8085)
                .containsEntry("monitoring-service", 8086);
            for (JsonNode s : docs) {
                if (s.path("kind").asText().equals("Service")) {
                    String name = s.at("/metadata/name").asText();
                    if (name.equals("keycloak")) {
                        servicePorts.put(name, s.at("/spec/ports/0/port").asInt());
                        continue;
                    }
                    assertThat(deploymentPorts).as("service %s selects a deployment", name).containsKey(name);
                    assertThat(s.at("/spec/selector/app.kubernetes.io~1name").asText()).isEqualTo(name);
                    assertThat(s.at("/spec/ports/0/port").asInt()).as("service %s port", name).isEqualTo(deploymentPorts.get(name));
                    assertThat(s.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
                    servicePorts.put(name, s.at("/spec/ports/0/port").asInt());
                }
            }
            // URLs to the platform's own services name a Service and its port; the rest is infrastructure
            for (JsonNode cm : configMaps.values()) {
                cm.path("data").fields().forEachRemaining(e -> {
                    Matcher url = URL.matcher(e.getValue().asText());
                    if (url.matches() && !Set.of("kafka", "postgres", "minio", "fluentd", "gocd-server").contains(url.group(1))) {
                        assertThat(servicePorts).as("%s %s", cm.at("/metadata/name").asText(), e.getKey()).containsKey(url.group(1));
                        assertThat(Integer.parseInt(url.group(2))).isEqualTo(servicePorts.get(url.group(1)));
                    }
                });
            }
        }
    }

    // --- identities: Keycloak, OIDC settings, no static token, no bench switch, NetworkPolicies ----------

    static final String REALM_FILE = "deploy/keycloak/cd4ml-realm.json";
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(CD4ML_KC_[A-Z0-9_]+)}");
    /** The services that call others as their own client of the realm (quarkus-oidc-client). */
    static final Set<String> CLIENTS = Set.of("training-service", "monitoring-service");

    /** The realm's placeholders: client secrets and demo passwords Keycloak's import reads from its environment. */
    static Set<String> realmPlaceholders() {
        Matcher m = PLACEHOLDER.matcher(Repo.read(REALM_FILE));
        Set<String> names = new HashSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).contains("CD4ML_KC_SECRET_TRAINING_SERVICE", "CD4ML_KC_SECRET_CD4ML_PIPELINE",
            "CD4ML_KC_PASSWORD_RELEASE_MANAGER");
        return names;
    }

    static String clientSecretKey(String client) {
        return "CD4ML_KC_SECRET_" + client.toUpperCase().replace('-', '_');
    }

    /** The static tokens issue 20 removed: the registry's token list and the pipeline's shared token. */
    static final Pattern STATIC_TOKEN = Pattern.compile("CD4ML_AUTH_TOKENS|registry-tokens|CD4ML_REGISTRY_TOKEN(?!_FILE)\\b");

    @Test
    void composeRunsKeycloakWithTheRepositorysRealmAndEveryServiceVerifiesItsTokens() throws Exception {
        Result r = compose("config");
        assertThat(r.exit).as(r.output).isZero();
        JsonNode services = YAML.readTree(r.stdout).path("services");
        JsonNode keycloak = services.path("keycloak");
        assertThat(keycloak.path("image").asText()).isEqualTo("quay.io/keycloak/keycloak:26.5.6");
        List<String> command = new ArrayList<>();
        keycloak.path("command").forEach(c -> command.add(c.asText()));
        assertThat(command).contains("--import-realm");
        // the realm imported is the repository's one file, mounted where --import-realm reads
        List<String> mounts = new ArrayList<>();
        keycloak.path("volumes").forEach(v -> mounts.add(v.isTextual() ? v.asText() : v.path("source").asText() + ":" + v.path("target").asText()));
        assertThat(mounts).anyMatch(m -> m.startsWith(Repo.path(REALM_FILE).toString() + ":/opt/keycloak/data/import/"));
        Map<String, String> kcEnv = env(keycloak.path("environment"));
        assertThat(kcEnv.keySet()).containsAll(realmPlaceholders());
        String file = Repo.read("deploy/compose/docker-compose.yml");
        String example = Repo.read("deploy/compose/.env.example");
        for (String placeholder : realmPlaceholders()) {
            assertThat(file).as("keycloak's %s comes from .env", placeholder).containsPattern(
                "(?m)^\\s+" + placeholder + ": \\$\\{" + placeholder + "[:}]");
            assertThat(example).as(".env.example lists %s for deploy/generate-secrets", placeholder).containsPattern("(?m)^" + placeholder + "=");
        }
        int kcPort = Integer.parseInt(kcEnv.get("KC_HTTP_PORT"));
        assertThat(keycloak.path("ports").toString()).contains(String.valueOf(kcPort));
        // the issuer is one URL whoever asks, the services fetch keys over the network's name
        assertThat(kcEnv.get("KC_HOSTNAME")).startsWith("http");
        assertThat(kcEnv.get("KC_HOSTNAME_BACKCHANNEL_DYNAMIC")).isEqualTo("true");

        List<String> verified = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            Matcher image = IMAGE.matcher(e.getValue().path("image").asText());
            if (!image.matches()) {
                return;
            }
            String module = image.group(1);
            Map<String, String> env = env(e.getValue().path("environment"));
            assertThat(env).as("compose %s", e.getKey()).containsEntry("QUARKUS_OIDC_TENANT_ENABLED", "true")
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "http://keycloak:" + kcPort + "/realms/cd4ml");
            assertThat(e.getValue().at("/depends_on/keycloak/condition").asText()).as("compose %s after keycloak", e.getKey())
                .isEqualTo("service_healthy");
            if (CLIENTS.contains(module)) {
                assertThat(env).as("compose %s calls as itself", e.getKey()).containsEntry("QUARKUS_OIDC_CLIENT_CLIENT_ENABLED", "true")
                    .containsEntry("QUARKUS_OIDC_CLIENT_CLIENT_ID", module)
                    .containsEntry("QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL", env.get("QUARKUS_OIDC_AUTH_SERVER_URL"));
                assertThat(file).as("compose %s: its own client's secret", e.getKey())
                    .contains("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET: ${" + clientSecretKey(module) + "}");
            } else {
                assertThat(env.keySet()).as("compose %s holds no client secret", e.getKey()).noneMatch(k -> k.startsWith("QUARKUS_OIDC_CLIENT_"));
            }
            verified.add(e.getKey());
        });
        assertThat(verified).hasSize(6);
        // the pipeline's agent knows where to get tokens, never the secret (GoCD's secret store holds it)
        Map<String, String> agent = env(services.at("/gocd-agent/environment"));
        assertThat(agent).containsEntry("CD4ML_OIDC_CLIENT_ID", "cd4ml-pipeline")
            .containsEntry("CD4ML_OIDC_TOKEN_URL", "http://keycloak:" + kcPort + "/realms/cd4ml/protocol/openid-connect/token")
            .doesNotContainKeys("CD4ML_OIDC_CLIENT_SECRET", "CD4ML_REGISTRY_REFRESH_TOKEN");
        assertThat(STATIC_TOKEN.matcher(file).find()).as("a static token in docker-compose.yml").isFalse();
        assertThat(STATIC_TOKEN.matcher(example).find()).as("a static token in .env.example").isFalse();
    }

    @Test
    void keycloakRunsInProductionModeWithTheRepositorysRealmAndEveryServiceVerifiesItsTokens(@TempDir Path dir) throws Exception {
        String realm = Repo.read(REALM_FILE);
        for (String overlay : List.of("test", "production")) {
            List<JsonNode> docs = kustomize(dir.resolve(overlay), overlay);
            Map<String, JsonNode> configMaps = byName(docs, "ConfigMap");
            JsonNode keycloak = deployment(docs, "keycloak");
            JsonNode container = keycloak.at("/spec/template/spec/containers/0");
            assertThat(container.path("image").asText()).isEqualTo("quay.io/keycloak/keycloak:26.5.6");
            List<String> args = new ArrayList<>();
            container.path("args").forEach(a -> args.add(a.asText()));
            assertThat(args).as("%s: production mode, the realm imported", overlay).containsExactly("start", "--import-realm");
            // the ConfigMap mounted where --import-realm reads is the repository's realm, byte for byte
            JsonNode mount = container.path("volumeMounts").get(0);
            assertThat(mount.path("mountPath").asText()).isEqualTo("/opt/keycloak/data/import");
            String realmMap = keycloak.at("/spec/template/spec/volumes").findValue("configMap").path("name").asText();
            assertThat(configMaps.get(realmMap).at("/data/cd4ml-realm.json").asText())
                .as("deploy/k8s/base/keycloak-realm/cd4ml-realm.json differs from " + REALM_FILE + ": run deploy/keycloak/sync-k8s")
                .isEqualTo(realm);
            Map<String, String> secretKeys = new HashMap<>();
            Map<String, String> kcEnv = new HashMap<>();
            for (JsonNode from : container.path("envFrom")) {
                configMaps.get(from.at("/configMapRef/name").asText()).path("data").fields()
                    .forEachRemaining(e -> kcEnv.put(e.getKey(), e.getValue().asText()));
            }
            for (JsonNode e : container.path("env")) {
                secretKeys.put(e.path("name").asText(), e.at("/valueFrom/secretKeyRef/key").asText(null));
            }
            for (String placeholder : realmPlaceholders()) {
                assertThat(secretKeys).as("%s keycloak %s from the Secret", overlay, placeholder).containsEntry(placeholder, placeholder);
            }
            assertThat(kcEnv).containsEntry("KC_DB", "postgres").containsEntry("KC_HEALTH_ENABLED", "true")
                .containsEntry("KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "true");
            String hostname = kcEnv.get("KC_HOSTNAME");
            assertThat(hostname).as("%s issuer", overlay).startsWith("https://").contains(overlay);
            JsonNode ingress = byName(docs, "Ingress").get("keycloak");
            assertThat("https://" + ingress.at("/spec/rules/0/host").asText()).isEqualTo(hostname);
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
            int kcPort = byName(docs, "Service").get("keycloak").at("/spec/ports/0/port").asInt();

            for (JsonNode d : docs) {
                if (!d.path("kind").asText().equals("Deployment") || d.at("/metadata/name").asText().equals("keycloak")) {
                    continue;
                }
                String name = d.at("/metadata/name").asText();
                JsonNode c = d.at("/spec/template/spec/containers/0");
                Matcher image = IMAGE.matcher(c.path("image").asText());
                assertThat(image.matches()).isTrue();
                Map<String, String> env = new HashMap<>();
                Map<String, String> fromSecret = new HashMap<>();
                for (JsonNode from : c.path("envFrom")) {
                    configMaps.get(from.at("/configMapRef/name").asText()).path("data").fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                }
                for (JsonNode e : c.path("env")) {
                    env.put(e.path("name").asText(), e.path("value").asText(""));
                    fromSecret.put(e.path("name").asText(), e.at("/valueFrom/secretKeyRef/key").asText(null));
                }
                assertThat(env).as("k8s %s %s", overlay, name).containsEntry("QUARKUS_OIDC_TENANT_ENABLED", "true")
                    .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "http://keycloak:" + kcPort + "/realms/cd4ml");
                String module = image.group(1);
                if (CLIENTS.contains(module)) {
                    assertThat(env).containsEntry("QUARKUS_OIDC_CLIENT_CLIENT_ENABLED", "true").containsEntry("QUARKUS_OIDC_CLIENT_CLIENT_ID", module);
                    // the same Secret key Keycloak's import set the client's secret from
                    assertThat(fromSecret).as("k8s %s %s client secret", overlay, name)
                        .containsEntry("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", clientSecretKey(module));
                } else {
                    assertThat(env.keySet()).as("k8s %s %s holds no client secret", overlay, name).noneMatch(k -> k.startsWith("QUARKUS_OIDC_CLIENT_"));
                }
            }
            String rendered = docs.toString();
            assertThat(STATIC_TOKEN.matcher(rendered).find()).as("%s: a static token", overlay).isFalse();
            String example = Repo.read("deploy/k8s/overlays/" + overlay + "/secrets.env.example");
            assertThat(STATIC_TOKEN.matcher(example).find()).as("%s secrets.env.example: a static token", overlay).isFalse();
        }
    }

    /** deploy/generate-secrets, run on a copy of deploy/: what it makes up, what it leaves, that a second run keeps it. */
    @Test
    void generateSecretsMakesUpEveryRealmSecretOnceAndLeavesTheOperatorsValues(@TempDir Path dir) throws Exception {
        Path deploy = dir.resolve("deploy");
        for (String file : List.of("generate-secrets", "keycloak/cd4ml-realm.json", "compose/.env.example",
            "k8s/overlays/test/secrets.env.example", "k8s/overlays/production/secrets.env.example")) {
            Files.createDirectories(deploy.resolve(file).getParent());
            Files.copy(Repo.path("deploy/" + file), deploy.resolve(file));
        }
        Result compose = run(List.of("sh", deploy.resolve("generate-secrets").toString(), "compose"), dir);
        assertThat(compose.exit).as(compose.output).isZero();
        Path envFile = deploy.resolve("compose/.env");
        Map<String, String> env = envFile(envFile);
        assertThat(Files.getPosixFilePermissions(envFile)).as("owner-only").isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        for (String placeholder : realmPlaceholders()) {
            assertThat(env.get(placeholder)).as(placeholder).matches("[0-9a-f]{48}");
        }
        assertThat(env.get("POSTGRES_PASSWORD")).matches("[0-9a-f]{48}");
        assertThat(env.get("KEYCLOAK_ADMIN_PASSWORD")).matches("[0-9a-f]{48}");
        assertThat(env.values()).noneMatch(v -> v.startsWith("change-me"));
        assertThat(env.get("CD4ML_KC_SECRET_TRAINING_SERVICE")).isNotEqualTo(env.get("CD4ML_KC_SECRET_CD4ML_PIPELINE"));
        assertThat(env.get("GOCD_TOKEN")).as("only the operator has it").startsWith("set-by-hand");
        assertThat(compose.stdout).contains("still to set by hand").contains("GOCD_TOKEN");
        // the secrets Keycloak imported at its first start must not change: a second run keeps every value
        Result again = run(List.of("sh", deploy.resolve("generate-secrets").toString(), "compose"), dir);
        assertThat(again.exit).as(again.output).isZero();
        assertThat(envFile(envFile)).isEqualTo(env);
        // compose accepts the generated file
        Tools.require("docker-compose");
        Result config = run(List.of("docker-compose", "--env-file", envFile.toString(), "-f", Repo.path("deploy/compose/docker-compose.yml").toString(),
            "config", "-q"), Repo.ROOT);
        assertThat(config.exit).as(config.output).isZero();

        Result k8s = run(List.of("sh", deploy.resolve("generate-secrets").toString(), "production"), dir);
        assertThat(k8s.exit).as(k8s.output).isZero();
        Map<String, String> secrets = envFile(deploy.resolve("k8s/overlays/production/secrets.env"));
        for (String placeholder : realmPlaceholders()) {
            assertThat(secrets.get(placeholder)).as(placeholder).matches("[0-9a-f]{48}");
        }
        assertThat(secrets.get("keycloak-admin-password")).matches("[0-9a-f]{48}");
        // the cluster's stores are the operator's: their credentials are not made up
        assertThat(secrets.get("postgres-password")).isEqualTo("change-me");
        assertThat(k8s.stdout).contains("postgres-password");
    }

    static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }

    /** Prediction without logging (serving's /bench/*) is a measuring tool: nothing in production switches it on. */
    @Test
    void productionSetsNoBenchSwitch(@TempDir Path dir) throws Exception {
        List<JsonNode> docs = kustomize(dir, "production");
        List<String> settings = new ArrayList<>();
        for (JsonNode d : docs) {
            if (d.path("kind").asText().equals("ConfigMap")) {
                d.path("data").fieldNames().forEachRemaining(settings::add);
            }
            for (JsonNode c : d.at("/spec/template/spec/containers")) {
                c.path("env").forEach(e -> settings.add(e.path("name").asText()));
                c.path("args").forEach(a -> settings.add(a.asText()));
            }
        }
        assertThat(settings).contains("CD4ML_SERVING_ENVIRONMENT", "QUARKUS_OIDC_TENANT_ENABLED");
        assertThat(settings).as("production settings").noneMatch(k -> k.toUpperCase().contains("BENCH"));
    }

    /** The store each workload's configuration names, by the host in its URLs ({@code kafka:9092} for Kafka). */
    static Set<String> storesNamed(Map<String, String> env, Set<String> stores) {
        Set<String> named = new HashSet<>();
        Pattern hostPort = Pattern.compile("^([a-z0-9.-]+):\\d+$");
        env.values().forEach(v -> {
            Matcher url = URL.matcher(v);
            Matcher plain = hostPort.matcher(v);
            String host = url.matches() ? url.group(1) : plain.matches() ? plain.group(1) : null;
            if (host != null && stores.contains(host)) {
                named.add(host);
            }
        });
        return named;
    }

    @Test
    void networkPoliciesLetOnlyTheServicesThatUseAStoreReachIt(@TempDir Path dir) throws Exception {
        // store -> its port; the search engine is written by Fluentd and read by Kibana besides monitoring-service
        Map<String, Integer> stores = Map.of("postgres", 5432, "kafka", 9092, "minio", 9000, "elasticsearch", 9200, "keycloak", 8180);
        Map<String, Set<String>> infraPeers = Map.of("elasticsearch", Set.of("fluentd", "kibana", "elasticsearch-setup"));
        for (String overlay : List.of("test", "production")) {
            List<JsonNode> docs = kustomize(dir.resolve(overlay), overlay);
            Map<String, JsonNode> configMaps = byName(docs, "ConfigMap");
            Map<String, JsonNode> secrets = byName(docs, "Secret");
            // who needs which store, from the rendered configuration (Secret values too: the search URL is one)
            Map<String, Set<String>> needs = new HashMap<>();
            Set<String> workloads = new HashSet<>();
            for (JsonNode d : docs) {
                if (!Set.of("Deployment", "StatefulSet").contains(d.path("kind").asText())) {
                    continue;
                }
                String name = d.at("/spec/template/metadata/labels/app.kubernetes.io~1name").asText();
                workloads.add(name);
                JsonNode c = d.at("/spec/template/spec/containers/0");
                Map<String, String> env = new HashMap<>();
                for (JsonNode from : c.path("envFrom")) {
                    configMaps.get(from.at("/configMapRef/name").asText()).path("data").fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                }
                for (JsonNode e : c.path("env")) {
                    JsonNode ref = e.at("/valueFrom/secretKeyRef");
                    env.put(e.path("name").asText(), ref.isMissingNode() ? e.path("value").asText("")
                        : new String(java.util.Base64.getDecoder().decode(
                            secrets.get(ref.path("name").asText()).at("/data/" + ref.path("key").asText()).asText()), StandardCharsets.UTF_8));
                }
                storesNamed(env, stores.keySet()).forEach(store -> needs.computeIfAbsent(store, k -> new HashSet<>()).add(name));
            }
            assertThat(needs.get("postgres")).contains("data-service", "registry-service", "keycloak");
            assertThat(needs.get("elasticsearch")).containsExactly("monitoring-service");
            assertThat(needs.get("keycloak")).hasSize(6);

            Map<String, JsonNode> policies = new HashMap<>();
            byName(docs, "NetworkPolicy").values().forEach(p ->
                policies.put(p.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText(), p));
            assertThat(policies.keySet()).as(overlay).containsAll(stores.keySet());
            stores.forEach((store, port) -> {
                JsonNode policy = policies.get(store);
                assertThat(policy.at("/spec/policyTypes").toString()).contains("Ingress");
                Set<String> onPort = new HashSet<>();
                Set<String> anyPort = new HashSet<>();
                List<JsonNode> namespaces = new ArrayList<>();
                for (JsonNode rule : policy.at("/spec/ingress")) {
                    Set<String> target = rule.path("ports").isEmpty() ? anyPort : onPort;
                    if (!rule.path("ports").isEmpty()) {
                        assertThat(rule.at("/ports/0/port").asInt()).as("%s %s port", overlay, store).isEqualTo(port);
                    }
                    assertThat(rule.path("from").isEmpty()).as("%s %s: a rule open to everyone", overlay, store).isFalse();
                    for (JsonNode peer : rule.path("from")) {
                        if (peer.has("namespaceSelector")) {
                            namespaces.add(peer);
                            continue;
                        }
                        JsonNode selector = peer.path("podSelector");
                        if (selector.at("/matchLabels/app.kubernetes.io~1name").isTextual()) {
                            target.add(selector.at("/matchLabels/app.kubernetes.io~1name").asText());
                        }
                        for (JsonNode expr : selector.path("matchExpressions")) {
                            assertThat(expr.path("operator").asText()).isEqualTo("In");
                            expr.path("values").forEach(v -> target.add(v.asText()));
                        }
                    }
                }
                Set<String> ours = new HashSet<>(onPort);
                ours.retainAll(workloads);
                assertThat(ours).as("%s: the workloads admitted to %s are those whose configuration names it", overlay, store)
                    .containsExactlyInAnyOrderElementsOf(needs.get(store));
                Set<String> others = new HashSet<>(onPort);
                others.removeAll(workloads);
                assertThat(others).as("%s %s: admitted besides the services", overlay, store)
                    .isSubsetOf(infraPeers.getOrDefault(store, Set.of()));
                assertThat(anyPort).as("%s %s: on any port only its own pods", overlay, store).isSubsetOf(Set.of(store));
                // only Keycloak is reached from outside the namespace, and only from the ingress controller
                if (store.equals("keycloak")) {
                    assertThat(namespaces).hasSize(1);
                    assertThat(namespaces.get(0).toString()).contains("ingress");
                } else {
                    assertThat(namespaces).as("%s %s: from another namespace", overlay, store).isEmpty();
                }
            });
        }
    }

    // --- the data bridge (gocd/cli's `cd4ml bridge`) -----------------------------------------------

    /** The environment variables {@code cd4ml bridge} reads ({@code ${env:NAME}} defaults of its options). */
    static Set<String> bridgeVariables() {
        Matcher m = Pattern.compile("\\$\\{env:([A-Z0-9_]+)").matcher(Repo.read("gocd/cli/src/main/java/dev/cd4ml/cli/commands/BridgeCommand.java"));
        Set<String> vars = new HashSet<>();
        while (m.find()) {
            vars.add(m.group(1));
        }
        assertThat(vars).contains("KAFKA_BOOTSTRAP_SERVERS", "GOCD_URL", "GOCD_TOKEN", "CD4ML_BRIDGE_STATE");
        return vars;
    }

    @Test
    void composeRunsTheDataBridgeWithOptionsItReadsAndStateOnAVolume() throws Exception {
        Result r = compose("config");
        assertThat(r.exit).as(r.output).isZero();
        JsonNode bridge = YAML.readTree(r.stdout).at("/services/gocd-bridge");
        assertThat(bridge.path("image").asText()).matches("(?:.*/)?cd4ml-cli:[^/]+");
        assertThat(Path.of(bridge.at("/build/context").asText()).resolve("Dockerfile")).exists();
        assertThat(bridge.at("/command/0").asText()).isEqualTo("bridge");
        Map<String, String> env = env(bridge.path("environment"));
        assertThat(bridgeVariables()).containsAll(env.keySet());
        assertThat(env.get("GOCD_URL")).isEqualTo("http://gocd-server:8153");
        String stateDir = Path.of(env.get("CD4ML_BRIDGE_STATE")).getParent().toString();
        List<String> mounts = new ArrayList<>();
        bridge.path("volumes").forEach(v -> mounts.add(v.isTextual() ? v.asText().split(":")[1] : v.path("target").asText()));
        assertThat(mounts).as("the handled event ids outlive the container").contains(stateDir);
        assertThat(bridge.at("/depends_on/kafka").isMissingNode()).isFalse();
    }

    @Test
    void kubernetesRunsOneDataBridgeWithOptionsItReadsAndStateOnItsVolume(@TempDir Path dir) throws Exception {
        for (String overlay : List.of("test", "production")) {
            List<JsonNode> docs = kustomize(dir.resolve(overlay), overlay);
            JsonNode set = byName(docs, "StatefulSet").get("gocd-bridge");
            assertThat(set).as(overlay).isNotNull();
            assertThat(set.at("/spec/replicas").asInt()).isEqualTo(1);
            JsonNode container = set.at("/spec/template/spec/containers/0");
            assertThat(container.path("image").asText()).matches("(?:.*/)?cd4ml-cli:[^/]+");
            assertThat(container.at("/args/0").asText()).isEqualTo("bridge");
            Map<String, String> env = new LinkedHashMap<>();
            for (JsonNode from : container.path("envFrom")) {
                JsonNode cm = byName(docs, "ConfigMap").get(from.at("/configMapRef/name").asText());
                assertThat(cm).as("%s envFrom %s", overlay, from).isNotNull();
                cm.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            }
            for (JsonNode e : container.path("env")) {
                env.put(e.path("name").asText(), e.path("value").asText(""));
                JsonNode ref = e.at("/valueFrom/secretKeyRef");
                if (!ref.isMissingNode()) {
                    JsonNode secret = byName(docs, "Secret").get(ref.path("name").asText());
                    assertThat(secret.path("data").has(ref.path("key").asText())).as("%s secret key %s", overlay, ref).isTrue();
                }
            }
            assertThat(bridgeVariables()).containsAll(env.keySet());
            assertThat(env).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "GOCD_URL", "GOCD_TOKEN");
            String stateDir = Path.of(env.get("CD4ML_BRIDGE_STATE")).getParent().toString();
            String claim = set.at("/spec/volumeClaimTemplates/0/metadata/name").asText();
            assertThat(container.path("volumeMounts")).as("%s state volume", overlay)
                .anyMatch(m -> m.path("mountPath").asText().equals(stateDir) && m.path("name").asText().equals(claim));
        }
    }

    @Test
    void onlyExampleSecretsAreInTheRepository() throws IOException {
        try (Stream<Path> files = Files.walk(Repo.path("deploy/k8s"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".env"))).isEmpty();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    record Result(int exit, String stdout, String output) {
    }

    static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Path err = Files.createTempFile("cd4ml-cmd", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish");
        }
        String stderr = Files.readString(err);
        Files.delete(err);
        return new Result(p.exitValue(), out, command + " -> " + p.exitValue() + "\n" + stderr + out);
    }

    /** Each tool's answer once per test JVM: the files do not change while the tests read them. */
    static final Map<String, Result> COMPOSED = new java.util.concurrent.ConcurrentHashMap<>();
    static final Map<String, List<JsonNode>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    static Result compose(String... args) throws Exception {
        String key = String.join(" ", args);
        Result cached = COMPOSED.get(key);
        if (cached == null) {
            cached = composeNow(args);
            COMPOSED.put(key, cached);
        }
        return cached;
    }

    static Result composeNow(String... args) throws Exception {
        Tools.require("docker-compose");
        List<String> command = new ArrayList<>(List.of("docker-compose", "--env-file",
            Repo.path("deploy/compose/.env.example").toString(), "-f", Repo.path("deploy/compose/docker-compose.yml").toString()));
        command.addAll(List.of(args));
        return run(command, Repo.ROOT);
    }

    /** Renders an overlay as a user would: from a copy of deploy/k8s with secrets.env made from the example. */
    static List<JsonNode> kustomize(Path dir, String overlay) throws Exception {
        List<JsonNode> cached = RENDERED.get(overlay);
        if (cached == null) {
            cached = List.copyOf(kustomizeNow(dir, overlay));
            RENDERED.put(overlay, cached);
        }
        return cached;
    }

    static List<JsonNode> kustomizeNow(Path dir, String overlay) throws Exception {
        Tools.require("kubectl");
        Path copy = dir.resolve("k8s-" + overlay);
        Path source = Repo.path("deploy/k8s");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Path overlayDir = copy.resolve("overlays").resolve(overlay);
        Files.copy(overlayDir.resolve("secrets.env.example"), overlayDir.resolve("secrets.env"));
        Result r = run(List.of("kubectl", "kustomize", overlayDir.toString()), Repo.ROOT);
        assertThat(r.exit).as(r.output).isZero();
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(r.stdout)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        return docs;
    }

    static Map<String, String> env(JsonNode environment) {
        Map<String, String> env = new LinkedHashMap<>();
        if (environment.isArray()) {
            environment.forEach(e -> {
                String[] kv = e.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }

    static List<String> names(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).map(d -> d.at("/metadata/name").asText()).toList();
    }

    static Map<String, JsonNode> byName(List<JsonNode> docs, String kind) {
        Map<String, JsonNode> map = new HashMap<>();
        docs.stream().filter(d -> d.path("kind").asText().equals(kind)).forEach(d -> map.put(d.at("/metadata/name").asText(), d));
        return map;
    }

    static JsonNode deployment(List<JsonNode> docs, String name) {
        return byName(docs, "Deployment").get(name);
    }
}
