package dev.cd4ml.contracts.page;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a paginated listing, the single pagination style of every service: {@code ?page=} (0-based)
 * and {@code ?size=} in, this envelope out. A client has read everything when
 * {@code (page + 1) * size >= total}.
 *
 * @param items this page's items, in the listing's order
 * @param page  0-based page number, as requested
 * @param size  page size, as requested (the last page may hold fewer items)
 * @param total number of items over all pages
 */
@Schema(description = "One page of a listing: ?page= (0-based) and ?size= select it; total counts every item")
public record Page<T>(
    List<T> items,
    @Schema(description = "0-based page number, as requested") int page,
    @Schema(description = "Page size, as requested (the last page may hold fewer items)") int size,
    @Schema(description = "Number of items over all pages") long total) {

  public Page {
    items = List.copyOf(items);
  }
}
