package dev.cd4ml.cli.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Gives (or refuses) a manual approval; returns the approver's name, or null when refused. */
@FunctionalInterface
public interface Approver {
  String approve(String pipeline, String stage, List<String> roles);

  /** Approval given up front on the command line ({@code --approve-as NAME}). */
  static Approver commandLine(String user) {
    return (pipeline, stage, roles) -> user;
  }

  /** Asks on the terminal. */
  static Approver prompt() {
    return (pipeline, stage, roles) -> {
      System.out.printf("Approve stage '%s' of %s (roles %s)? Type your name to approve, empty to refuse: ", stage, pipeline, roles);
      try {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null || line.isBlank() ? null : line.trim();
      } catch (IOException e) {
        return null;
      }
    };
  }
}
