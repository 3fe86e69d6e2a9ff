package dev.cd4ml.registry.service;

import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.support.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/** Checks that an uploaded file is what serving will load: a Tribuo classification model (protobuf form). */
public final class ArtifactInspector {
  private ArtifactInspector() {}

  /** @throws ProblemException 400 naming the {@code artifact} part when Tribuo cannot load it as a Model&lt;Label&gt; */
  public static Model<Label> load(Path file) {
    Model<?> model;
    try {
      if (Files.size(file) == 0) {
        throw invalid("the artifact is empty");
      }
      // Protobuf only: Tribuo 4.3 reads ModelProto, no Java deserialization of untrusted bytes.
      model = Model.deserializeFromFile(file);
    } catch (ProblemException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      throw invalid("not a loadable Tribuo model (" + e.getClass().getSimpleName() + ")");
    }
    if (model == null) {
      throw invalid("not a loadable Tribuo model");
    }
    try {
      return model.castModel(Label.class);
    } catch (ClassCastException | IllegalArgumentException e) {
      throw invalid("a Tribuo model, but not a classification model (Model<Label>)");
    }
  }

  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ProblemException invalid(String message) {
    return ProblemException.badRequest("The artifact part is " + message + "; nothing was stored.",
        List.of(ProblemError.field("artifact", message)));
  }
}
