package dev.cd4ml.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.cd4ml.parts.KeycloakPart;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sign-in line the platform prints above its example writes: run by bash, it leaves the user's token in $TOKEN. */
class LocalKeycloakTest {
  @TempDir
  Path dir;

  @Test
  void thePrintedSignInLineSendsTheUsersPasswordFromTheSecretsFileAndKeepsTheToken() throws Exception {
    String user = "demo-data-writer";
    Files.writeString(dir.resolve("secrets.properties"), KeycloakPart.userPasswordKey(user) + "=s3cr-et_42\n");
    AtomicReference<String> form = new AtomicReference<>();
    HttpServer keycloak = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    keycloak.createContext("/realms/" + KeycloakPart.REALM + "/protocol/openid-connect/token", exchange -> {
      form.set(URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
          StandardCharsets.UTF_8));
      byte[] body = "{\"access_token\":\"eyJ.payload.sig\",\"expires_in\":300,\"token_type\":\"Bearer\"}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    keycloak.start();
    try {
      String line = new LocalKeycloak(keycloak.getAddress().getPort(), dir).tokenCommand(user);
      assertTrue(!line.contains("s3cr-et_42"), "the password is read from the file, never printed: " + line);
      assertEquals("eyJ.payload.sig", bash(line + "; printf %s \"$TOKEN\""));
      assertTrue(form.get().contains("username=" + user) && form.get().contains("password=s3cr-et_42")
          && form.get().contains("grant_type=password") && form.get().contains("client_id=cd4ml-console"), form.get());
    } finally {
      keycloak.stop(0);
    }
  }

  private static String bash(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
