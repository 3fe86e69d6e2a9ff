package dev.cd4ml.cli;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One service's container image as the build pushed it: {@code name} is the full repository
 * ({@code registry.example.com/cd4ml/data-service}), {@code tag} the code revision, {@code digest}
 * ({@code sha256:...}) what the registry stored, absent where no image was pushed (the local platform).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceImage(String service, String name, String tag, String digest) {

  /**
   * How a Deployment must name it (what {@code kustomize edit set image name=new:tag@digest} writes):
   * pinned to the digest where there is one, since a tag can be moved; the tag still says which code.
   */
  @JsonIgnore
  public String reference() {
    return name + ":" + tag + (digest == null ? "" : "@" + digest);
  }
}
