package dev.cd4ml.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real Keycloak with the platform's realm: what the services' tests and the local platform rely on. */
class KeycloakPartComponentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode claims(String tokenResponse) throws Exception {
        String jwt = JSON.readTree(tokenResponse).get("access_token").asText();
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length, "a signed JWT");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertEquals("RS256", header.get("alg").asText());
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    @Test
    void servicesGetTokensWithTheirRolesAndTheAudienceByClientCredentials() throws Exception {
        KeycloakPart keycloak = RealParts.keycloak();
        JsonNode claims = claims(keycloak.token(Map.of("grant_type", "client_credentials",
            "client_id", "training-service", "client_secret", keycloak.clientSecret("training-service"))));
        assertEquals(keycloak.issuer(), claims.get("iss").asText());
        assertEquals(KeycloakPart.AUDIENCE, claims.get("aud").asText());
        assertEquals("training-service", claims.get("azp").asText());
        assertEquals("[\"trainer\"]", claims.at("/realm_access/roles").toString());

        JsonNode pipeline = claims(keycloak.token(Map.of("grant_type", "client_credentials",
            "client_id", "cd4ml-pipeline", "client_secret", keycloak.clientSecret("cd4ml-pipeline"))));
        assertTrue(pipeline.at("/realm_access/roles").toString().contains("\"pipeline\""), pipeline.toString());
        assertTrue(!pipeline.at("/realm_access/roles").toString().contains("release-manager"), "the pipeline cannot promote to production");

        printFigures(keycloak);
    }

    @Test
    void eachDemoUserHoldsItsRoleAndSecretsAreMadeUpPerStart() throws Exception {
        KeycloakPart keycloak = RealParts.keycloak();
        for (String role : new String[] {"data-writer", "trainer", "pipeline", "release-manager", "monitoring", "feedback-writer"}) {
            JsonNode claims = claims(keycloak.token(Map.of("grant_type", "password", "client_id", "cd4ml-console",
                "username", "demo-" + role, "password", keycloak.userPassword("demo-" + role))));
            assertEquals("demo-" + role, claims.get("preferred_username").asText());
            assertTrue(claims.at("/realm_access/roles").toString().contains("\"" + role + "\""), claims.toString());
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> keycloak.token(Map.of(
            "grant_type", "client_credentials", "client_id", "training-service", "client_secret", "not-the-secret")));
        assertTrue(refused.getMessage().contains("401"), refused.getMessage());
        // nothing secret in the repository: the file only names placeholders
        assertNotEquals(keycloak.clientSecret("training-service"), keycloak.clientSecret("cd4ml-pipeline"));
        String realm = Files.readString(Path.of("../../deploy/keycloak/cd4ml-realm.json"));
        keycloak.secrets().values().forEach(secret -> assertTrue(!realm.contains(secret)));
    }

    /**
     * In GoCD the production pipeline acts as the release manager through their offline token (a secret param,
     * gocd/README.md): the realm lets demo-release-manager hold one, exchanged for an access token in their name
     * with their role; a user without offline_access cannot make one.
     */
    @Test
    void theReleaseManagersOfflineTokenIsExchangedForTheirAccessToken() throws Exception {
        KeycloakPart keycloak = RealParts.keycloak();
        String offline = JSON.readTree(keycloak.token(Map.of("grant_type", "password", "client_id", "cd4ml-console",
            "username", "demo-release-manager", "password", keycloak.userPassword("demo-release-manager"),
            "scope", "offline_access"))).get("refresh_token").asText();
        String[] parts = offline.split("\\.");
        assertEquals("Offline", JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).get("typ").asText());
        JsonNode claims = claims(keycloak.token(Map.of("grant_type", "refresh_token", "client_id", "cd4ml-console",
            "refresh_token", offline)));
        assertEquals("demo-release-manager", claims.get("preferred_username").asText());
        assertEquals(KeycloakPart.AUDIENCE, claims.get("aud").asText());
        assertTrue(claims.at("/realm_access/roles").toString().contains("\"release-manager\""), claims.toString());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> keycloak.token(Map.of(
            "grant_type", "password", "client_id", "cd4ml-console", "username", "demo-trainer",
            "password", keycloak.userPassword("demo-trainer"), "scope", "offline_access")));
        assertTrue(refused.getMessage().contains("not_allowed"), refused.getMessage());
    }

    private static void printFigures(KeycloakPart keycloak) throws Exception {
        long pid = keycloak.pid();
        String rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
            .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?");
        System.out.println("keycloak: started in " + keycloak.lastStart().toMillis() + " ms; " + rss.replaceAll("\\s+", " "));
    }
}
