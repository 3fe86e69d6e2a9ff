package dev.cd4ml.local;

import dev.cd4ml.cli.pipeline.Approver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A manual gate of the running local platform: waits until someone runs
 * {@code deploy/local/platform approve [NAME]}, which writes the approver's name to a file.
 */
final class FileApprover implements Approver {
  private final Path dir;

  FileApprover(Path dir) {
    this.dir = dir;
  }

  @Override
  public String approve(String pipeline, String stage, List<String> roles) {
    Path approval = dir.resolve("approved");
    Path pending = dir.resolve("pending");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(approval);
      Files.writeString(pending, pipeline + "/" + stage + " (roles " + roles + ")\n");
      System.out.printf("[platform] %s/%s waits for approval: run `deploy/local/platform approve [NAME]`%n", pipeline, stage);
      while (!Files.exists(approval)) {
        Thread.sleep(500);
      }
      String name = Files.readString(approval).trim();
      Files.deleteIfExists(approval);
      Files.deleteIfExists(pending);
      return name.isEmpty() ? null : name;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
