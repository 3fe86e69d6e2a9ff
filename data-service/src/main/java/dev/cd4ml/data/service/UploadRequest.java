package dev.cd4ml.data.service;

import dev.cd4ml.data.domain.UploadOptions;
import java.util.List;

/**
 * Everything about an upload except its bytes.
 *
 * @param parentRefs    references (id, number, latest) of the versions this one derives from
 * @param contentLength the declared body length, null when chunked or generated
 * @param gzip          the body is gzip-encoded ({@code Content-Encoding: gzip})
 */
public record UploadRequest(
    String dataset,
    UploadOptions options,
    List<String> parentRefs,
    String source,
    String message,
    String createdBy,
    Long contentLength,
    boolean gzip) {}
