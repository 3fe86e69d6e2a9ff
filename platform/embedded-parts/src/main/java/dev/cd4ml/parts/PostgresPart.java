package dev.cd4ml.parts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries shipped in a Maven Central jar, unpacked once under
 * {@code java.io.tmpdir/embedded-pg}) run as a child process. With a data directory the cluster
 * is created on the first start and reused by later ones; without one it is temporary. Local
 * connections are trusted: any password is accepted for user {@code postgres}.
 */
public final class PostgresPart implements Part {

    private static final String USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final Foreign foreign;
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    /**
     * @param dataDirOrNull cluster directory kept across starts, or null for a throw-away one
     * @param port          port on 127.0.0.1, 0 for a free one (chosen now and kept)
     */
    public PostgresPart(Path dataDirOrNull, int port) {
        this.foreign = null;
        this.dataDir = dataDirOrNull == null ? null : dataDirOrNull.toAbsolutePath();
        this.port = Ports.orFree(port);
    }

    PostgresPart(Foreign foreign) {
        this.foreign = foreign;
        this.dataDir = null;
        this.port = -1;
    }

    @Override
    public String name() {
        return "postgres";
    }

    public String jdbcUrl(String database) {
        return foreign != null
            ? (String) foreign.call("jdbcUrl", database)
            : "jdbc:postgresql://127.0.0.1:" + port + "/" + checkName(database);
    }

    public String username() {
        return USER;
    }

    /** Ignored by the server (trust authentication); given so clients that insist on one have it. */
    public String password() {
        return USER;
    }

    /** Creates the database unless it exists; safe to call concurrently and repeatedly. */
    public void createDatabaseIfMissing(String database) {
        if (foreign != null) {
            foreign.call("createDatabaseIfMissing", database);
            return;
        }
        checkName(database);
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password());
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE \"" + database + "\"");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: someone else won the race
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " on " + jdbcUrl("postgres"), e);
        }
    }

    @Override
    public synchronized void start() throws Exception {
        if (foreign != null) {
            foreign.invoke("start");
            return;
        }
        if (postgres != null) {
            return;
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
            .setPort(port)
            .setPGStartupWait(Duration.ofSeconds(60));
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        // The builder's own shutdown hook stays on: the server is a child process and must not
        // outlive this JVM even if nobody calls stop().
        postgres = builder.start();
    }

    @Override
    public synchronized void stop() {
        if (foreign != null) {
            foreign.call("stop");
            return;
        }
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("stopping PostgreSQL on port " + port, e);
        } finally {
            postgres = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return foreign != null ? (Boolean) foreign.call("isRunning") : postgres != null;
    }

    @Override
    public String toString() {
        return "PostgresPart[" + jdbcUrl("postgres") + "]";
    }

    private static String checkName(String database) {
        if (database == null || !DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        return database;
    }
}
