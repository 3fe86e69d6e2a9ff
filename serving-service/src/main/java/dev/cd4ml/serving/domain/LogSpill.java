package dev.cd4ml.serving.domain;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The prediction log's overflow on local disk: while Fluency's memory buffer is full (Fluentd hung,
 * cut, or slower than the predictions) packed records are appended here, in order, and read back
 * oldest first once there is room again, so a receiver outage costs disk space instead of records.
 * Segment files of {@code segmentBytes}, at most {@code maxBytes} in all: beyond that
 * {@link #append} refuses and the caller counts a drop. Each entry is
 * {@code [tag length: 1][tag][epoch millis: 8][record length: 4][record: MessagePack]}. Segments
 * found at start (an earlier run of the same directory) are read first. Not thread-safe: the log
 * shipper's thread alone writes and reads; {@link #records()} and {@link #bytes()} may be read from
 * any thread.
 */
public final class LogSpill implements AutoCloseable {
  private static final String SUFFIX = ".spill";

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final ArrayDeque<Path> ready = new ArrayDeque<>();
  private long sequence;
  private DataOutputStream out;
  private Path outPath;
  private long outBytes;
  private DataInputStream in;
  private Path inPath;
  private long inSize;
  private volatile long bytes;
  private volatile long records;
  /** The entry read and not yet taken (see {@link #peek} / {@link #take}). */
  private boolean peeked;
  private String tag;
  private long epochMillis;
  private byte[] record = new byte[1024];
  private int length;

  public LogSpill(Path dir, long maxBytes, long segmentBytes) throws IOException {
    if (segmentBytes < 1 || maxBytes < segmentBytes) {
      throw new IllegalArgumentException("need 0 < segmentBytes <= maxBytes: " + segmentBytes + ", " + maxBytes);
    }
    this.dir = Files.createDirectories(dir);
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path left : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
        ready.add(left);
        bytes += Files.size(left);
        sequence = Math.max(sequence, sequenceOf(left));
      }
    }
    // Records of left segments are not known until read: counted as they are read back.
  }

  public Path dir() { return dir; }

  /** Segments left by an earlier run, found at start. */
  public int leftSegments() { return ready.size(); }

  /** Records appended and not yet taken (those of left segments once read). */
  public long records() { return records; }

  /** Bytes on disk not yet taken. */
  public long bytes() { return bytes; }

  public boolean isEmpty() { return bytes == 0 && !peeked; }

  /** Appends one record; false (nothing written) when the spill is full. */
  public boolean append(String tag, long epochMillis, byte[] record, int offset, int len) throws IOException {
    byte[] t = tag.getBytes(StandardCharsets.UTF_8);
    long size = 1L + t.length + 8 + 4 + len;
    if (bytes + size > maxBytes) {
      return false;
    }
    if (out == null) {
      outPath = dir.resolve(String.format("log-%015d%s", ++sequence, SUFFIX));
      out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(outPath), 1 << 16));
      outBytes = 0;
    }
    out.writeByte(t.length);
    out.write(t);
    out.writeLong(epochMillis);
    out.writeInt(len);
    out.write(record, offset, len);
    outBytes += size;
    bytes += size;
    records++;
    if (outBytes >= segmentBytes) {
      roll();
    }
    return true;
  }

  /**
   * Reads the oldest entry, if any, without taking it: {@link #tag()}, {@link #epochMillis()},
   * {@link #record()} and {@link #length()} describe it until {@link #take()}.
   */
  public boolean peek() throws IOException {
    if (peeked) {
      return true;
    }
    while (true) {
      if (in == null) {
        if (ready.isEmpty()) {
          if (out == null) {
            return false;
          }
          roll(); // nothing else to read: hand on the segment being written
        }
        inPath = ready.peekFirst();
        inSize = Files.size(inPath);
        in = new DataInputStream(new BufferedInputStream(Files.newInputStream(inPath), 1 << 16));
      }
      try {
        int tagLength = in.readUnsignedByte();
        byte[] t = in.readNBytes(tagLength);
        if (t.length < tagLength) {
          throw new EOFException();
        }
        tag = new String(t, StandardCharsets.UTF_8);
        epochMillis = in.readLong();
        length = in.readInt();
        if (length < 0) {
          throw new EOFException();
        }
        if (record.length < length) {
          record = Arrays.copyOf(record, Math.max(length, record.length * 2));
        }
        in.readFully(record, 0, length);
        peeked = true;
        return true;
      } catch (EOFException end) {
        // the end of the segment (or a record cut short by a crash while writing it): next segment
        in.close();
        in = null;
        Files.deleteIfExists(inPath);
        ready.removeFirst();
        bytes = Math.max(0, bytes - inSize);
      }
    }
  }

  /** Takes the entry {@link #peek()} read. */
  public void take() {
    if (peeked) {
      peeked = false;
      records = Math.max(0, records - 1);
    }
  }

  public String tag() { return tag; }
  public long epochMillis() { return epochMillis; }
  public byte[] record() { return record; }
  public int length() { return length; }

  private void roll() throws IOException {
    out.close();
    ready.addLast(outPath);
    out = null;
  }

  private static long sequenceOf(Path segment) {
    String name = segment.getFileName().toString();
    try {
      return Long.parseLong(name.substring("log-".length(), name.length() - SUFFIX.length()));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Closes the files; what was not taken stays on disk (read first by the next spill on this directory). */
  @Override
  public void close() throws IOException {
    if (out != null) {
      roll();
    }
    if (in != null) {
      in.close();
      in = null;
    }
  }
}
