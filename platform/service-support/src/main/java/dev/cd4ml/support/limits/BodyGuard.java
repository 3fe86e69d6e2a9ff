package dev.cd4ml.support.limits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.Problems;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Sits in an HTTP/1.x connection's Netty pipeline just before Vert.x and sees each request body's bytes as they
 * arrive, before anything reads or parses them:
 * <ul>
 * <li>a body without Content-Length (chunked) that crosses its limit is answered 413 problem+json at once, the rest
 * of it is dropped and the connection closed, so nothing buffers or parses more than the limit;</li>
 * <li>a body that delivers less than the minimum rate over a window (stalled, or dribbled byte by byte) is answered
 * 408 and the connection closed: a worker thread blocked reading it gets an IOException and is free again. Time
 * the server itself stops reading (back-pressure from a busy consumer) does not count.</li>
 * </ul>
 * A timer runs only while a body is incomplete at the end of a socket read, so a request that arrives in one read
 * (nearly every small one) costs no timer. Everything runs on the connection's event loop.
 */
public final class BodyGuard extends ChannelDuplexHandler {
  static final String NAME = "cd4ml-body-guard";
  private static final AttributeKey<BodyGuard> KEY = AttributeKey.valueOf(NAME);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long the rest of a refused body is read and dropped after the answer, so the client gets to read it. */
  private static final long LINGER_MILLIS = 2000;

  private final long windowNanos;
  private final long minBytesPerWindow;
  private ChannelHandlerContext ctx;

  private boolean inBody;
  private long received;
  private long markBytes;
  private long limit = Long.MAX_VALUE;
  private String path;
  private LongConsumer onExceeded;
  private boolean responseStarted;
  /** The guard answered: whatever else comes or goes on this connection is dropped until it is closed. */
  private boolean cut;
  private ScheduledFuture<?> check;

  BodyGuard(long windowNanos, long minBytesPerWindow) {
    this.windowNanos = windowNanos;
    this.minBytesPerWindow = minBytesPerWindow;
  }

  /**
   * The guard of this request's connection, installed with its first request; null for HTTP/2 (its streams have
   * their own flow control) or a pipeline without Vert.x' handler. Call on the event loop (a route handler).
   */
  static BodyGuard of(HttpServerRequest request, long windowNanos, long minBytesPerWindow) {
    if (request.version() == io.vertx.core.http.HttpVersion.HTTP_2) {
      return null;
    }
    Channel channel = channel(request);
    if (channel == null) {
      return null;
    }
    BodyGuard guard = channel.attr(KEY).get();
    if (guard == null) {
      if (channel.pipeline().get("handler") == null) {
        return null;
      }
      guard = new BodyGuard(windowNanos, minBytesPerWindow);
      channel.attr(KEY).set(guard);
      channel.pipeline().addBefore("handler", NAME, guard);
      // this request's head (and maybe the start of its body) passed before the guard was there
      guard.begin();
      guard.received = request.bytesRead();
      guard.inBody = !request.isEnded();
    }
    return guard;
  }

  static Channel channel(HttpServerRequest request) {
    return request.connection() instanceof ConnectionBase c ? c.channel() : null;
  }

  /** The current request: its path (named in a refusal) and the cap of its body when it has no Content-Length. */
  void request(String requestPath, long max, LongConsumer listener) {
    this.limit = max;
    this.path = requestPath;
    this.onExceeded = listener;
    if (inBody && received > limit && !cut) {
      exceeded();
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (cut) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest) {
      begin();
    }
    if (msg instanceof HttpContent content) {
      if (inBody) {
        received += content.content().readableBytes();
        if (received > limit) {
          ReferenceCountUtil.release(msg);
          exceeded();
          return;
        }
      }
      if (msg instanceof LastHttpContent) {
        endBody();
      }
    }
    context.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    if (inBody && check == null && !cut) {
      markBytes = received;
      check = context.executor().schedule(this::check, windowNanos, TimeUnit.NANOSECONDS);
    }
    context.fireChannelReadComplete();
  }

  @Override
  public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
    if (cut) {
      ReferenceCountUtil.release(msg);
      promise.trySuccess();
      return;
    }
    if (msg instanceof HttpResponse) {
      responseStarted = true;
    }
    context.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    cancelCheck();
    context.fireChannelInactive();
  }

  private void begin() {
    cancelCheck();
    inBody = true;
    received = 0;
    markBytes = 0;
    limit = Long.MAX_VALUE;
    path = null;
    onExceeded = null;
    responseStarted = false;
  }

  private void endBody() {
    inBody = false;
    cancelCheck();
  }

  private void cancelCheck() {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }

  private void check() {
    check = null;
    if (!inBody || cut) {
      return;
    }
    long progress = received - markBytes;
    markBytes = received;
    if (progress >= minBytesPerWindow || !ctx.channel().config().isAutoRead()) {
      check = ctx.executor().schedule(this::check, windowNanos, TimeUnit.NANOSECONDS);
      return;
    }
    answer(ProblemType.BODY_TIMEOUT, "the request body delivered " + progress + " bytes in the last "
        + TimeUnit.NANOSECONDS.toMillis(windowNanos) + " ms (at least " + minBytesPerWindow
        + " are required); the request was ended and nothing of it kept");
  }

  private void exceeded() {
    LongConsumer listener = onExceeded;
    answer(ProblemType.TOO_LARGE, "the chunked body exceeds the limit of " + limit + " bytes for " + path
        + "; it was refused after " + limit + " bytes and nothing of it kept");
    if (listener != null) {
      listener.accept(limit);
    }
  }

  /** Answers with a problem when the response has not started, closes the connection either way. */
  private void answer(ProblemType type, String detail) {
    cut = true;
    cancelCheck();
    if (responseStarted) {
      ctx.close();
      return;
    }
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(Problems.body(type, detail, path, null, 0));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(type.status()), Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length).set(HttpHeaderNames.CONNECTION, "close");
    // Closing at once with the client's body still arriving would reset the connection and the client would
    // likely never read the answer: send it, end our side, go on reading (and dropping) for a moment, then close.
    ctx.channel().config().setAutoRead(true);
    ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
      if (f.channel() instanceof SocketChannel socket && f.isSuccess()) {
        socket.shutdownOutput();
        ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
      } else {
        ctx.close();
      }
    });
  }
}
