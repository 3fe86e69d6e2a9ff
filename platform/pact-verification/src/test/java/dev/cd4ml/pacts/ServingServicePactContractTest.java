package dev.cd4ml.pacts;

import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * serving-service honours every pact naming it, on its real running jar (environment test) serving a real
 * CART model that training-service's identity registered and the pipeline staged in the real registry.
 */
@Provider("serving-service")
@PactFolder("../../target/pacts")
class ServingServicePactContractTest {

  @BeforeAll
  static void freshResults() {
    Verified.reset("serving-service");
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new AuthenticatedTarget(Providers.serving().port()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void honoursThePact(PactVerificationContext context) {
    Verified.verify(context);
  }

  /** The staged tiny model ({@link TinyModel}: income, debt_to_income), once serving has loaded it. */
  @State("a model with numeric features income and debt_to_income is served")
  Map<String, Object> served() throws InterruptedException {
    String url = Providers.serving().url() + "/model";
    for (int i = 0; i < 300; i++) {
      JsonNode model = Http.send(HttpRequest.newBuilder(URI.create(url)).GET(), 200, 503);
      if (model.hasNonNull("version")) {
        return Map.of("model", Providers.SERVED_MODEL, "version", model.get("version").asInt());
      }
      Thread.sleep(200);
    }
    throw new AssertionError("provider state: serving-service serves no model after 60 s");
  }
}
