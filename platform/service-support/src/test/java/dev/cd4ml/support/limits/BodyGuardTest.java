package dev.cd4ml.support.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BodyGuardTest {
  private static final long WINDOW = TimeUnit.SECONDS.toNanos(2);

  /** What reached "Vert.x": body bytes and whether the body ended. */
  static final class Downstream extends ChannelInboundHandlerAdapter {
    long bodyBytes;
    boolean ended;
    int requests;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof io.netty.handler.codec.http.HttpRequest) {
        requests++;
      }
      if (msg instanceof HttpContent c) {
        bodyBytes += c.content().readableBytes();
        ended |= msg instanceof LastHttpContent;
      }
      ReferenceCountUtil.release(msg);
    }
  }

  private final Downstream downstream = new Downstream();
  private final BodyGuard guard = new BodyGuard(WINDOW, 2048);
  private final EmbeddedChannel channel = new EmbeddedChannel(guard, downstream);

  private static DefaultHttpRequest post(String path) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path);
  }

  private static DefaultHttpContent bytes(int n) {
    return new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[n]));
  }

  private String answer() {
    FullHttpResponse r = channel.readOutbound();
    if (r == null) {
      return null;
    }
    try {
      return r.status().code() + " " + r.headers().get("Content-Type") + " " + r.content().toString(StandardCharsets.UTF_8);
    } finally {
      r.release();
    }
  }

  @Test
  void aChunkedBodyCrossingItsLimitIs413AtOnceAndNothingBeyondPassesOn() {
    AtomicLong refused = new AtomicLong();
    channel.writeInbound(post("/predictions"));
    guard.request("/predictions", 64 * 1024, refused::set);
    for (int i = 0; i < 8; i++) {
      channel.writeInbound(bytes(8192)); // exactly 64 KiB: still fine
    }
    assertNull(answer());
    assertEquals(65536, downstream.bodyBytes);
    channel.writeInbound(bytes(1), bytes(8192), new DefaultLastHttpContent());
    String answer = answer();
    assertTrue(answer.startsWith("413 application/problem+json"), answer);
    assertTrue(answer.contains("\"type\":\"https://cd4ml.dev/problems/too-large\""), answer);
    assertTrue(answer.contains("limit of 65536 bytes for /predictions"), answer);
    assertEquals(65536, refused.get());
    assertEquals(65536, downstream.bodyBytes, "not one byte beyond the limit was handed on");
    assertFalse(downstream.ended);
    channel.runPendingTasks();
    assertFalse(channel.isOpen(), "closed after the answer");
  }

  @Test
  void aLimitSetAfterTheBytesAlreadyCameRefusesAtOnce() {
    channel.writeInbound(post("/feedback"), bytes(8192), bytes(8192));
    guard.request("/feedback", 10_000, null);
    assertTrue(answer().startsWith("413"));
  }

  @Test
  void aStalledBodyIs408AfterTheWindow() {
    channel.writeInbound(post("/datasets/d/versions"), bytes(10));
    guard.request("/datasets/d/versions", Long.MAX_VALUE, null);
    channel.advanceTimeBy(WINDOW / 2, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertNull(answer(), "not before the window");
    channel.advanceTimeBy(WINDOW / 2 + 1, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    String answer = answer();
    assertTrue(answer != null && answer.startsWith("408 application/problem+json"), answer);
    assertTrue(answer.contains("body-timeout"), answer);
    channel.runPendingTasks();
    assertFalse(channel.isOpen());
  }

  @Test
  void aDribbledBodyBelowTheMinimumRateIs408() {
    channel.writeInbound(post("/predictions/batch"), bytes(10));
    for (int i = 0; i < 3; i++) {
      channel.advanceTimeBy(WINDOW / 2, TimeUnit.NANOSECONDS);
      channel.runScheduledPendingTasks();
      if (channel.isOpen()) {
        channel.writeInbound(bytes(100)); // 100 bytes a second: below 2048 a window
      }
    }
    String answer = answer();
    assertTrue(answer != null && answer.startsWith("408"), answer);
  }

  @Test
  void aBodyAtTheMinimumRateAndOneTheServerPausedAreNotCut() {
    channel.writeInbound(post("/datasets/d/versions"), bytes(10));
    for (int i = 0; i < 6; i++) {
      channel.writeInbound(bytes(1100)); // 2,200 bytes a window
      channel.advanceTimeBy(WINDOW / 2, TimeUnit.NANOSECONDS);
      channel.runScheduledPendingTasks();
    }
    assertNull(answer());
    // the server stops reading (a busy consumer): no progress, but not the client's fault
    channel.config().setAutoRead(false);
    channel.advanceTimeBy(WINDOW * 3, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertNull(answer());
    channel.config().setAutoRead(true);
    channel.writeInbound(new DefaultLastHttpContent());
    assertTrue(downstream.ended);
    assertTrue(channel.isOpen());
  }

  @Test
  void eachRequestOfAKeepAliveConnectionStartsAfresh() {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      channel.writeInbound(post("/predictions"));
      guard.request("/predictions", 10_000, null);
      channel.writeInbound(bytes(8000), new DefaultLastHttpContent());
      answers.add(answer());
    }
    assertEquals(3, downstream.requests);
    assertEquals(24_000, downstream.bodyBytes);
    assertTrue(answers.stream().allMatch(a -> a == null), answers.toString());
    channel.advanceTimeBy(WINDOW * 3, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
    assertNull(answer(), "no body in progress, nothing to time out");
    assertTrue(channel.isOpen());
  }
}
