package dev.cd4ml.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests check (the build passes the root as cd4ml.repository.root). */
final class Repo {

    static final Path ROOT = root();

    private Repo() {
    }

    private static Path root() {
        String configured = System.getProperty("cd4ml.repository.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("monitoring")) && Files.isRegularFile(p.resolve("DEVELOPERS.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found from " + start);
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
