package dev.cd4ml.training.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What the build baked in ({@code META-INF/cd4ml-build.properties}, filtered by Maven). */
@ApplicationScoped
public class BuildInfo {
  private final String revision;

  public BuildInfo() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/META-INF/cd4ml-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no build info: the revision falls back to GO_REVISION
    }
    this.revision = p.getProperty("revision", "");
  }

  /** The git revision the service was built from, or empty. */
  public String revision() {
    return revision;
  }
}
