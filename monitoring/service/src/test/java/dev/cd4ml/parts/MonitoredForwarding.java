package dev.cd4ml.parts;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-only door to the local platform's forward path (spool and {@link BulkIndexer} are
 * package-private): a forward receiver that spools what serving sends and bulk-indexes it into
 * OpenSearch with the platform's index templates, as {@code PartMain forward --dir --opensearch-url
 * --index-templates} does, in this JVM.
 */
public final class MonitoredForwarding {
  private MonitoredForwarding() {}

  /** Started; records go spool → bulk indexer → {@code openSearchUrl}. The machine is never "busy" here. */
  public static ForwardReceiver start(String openSearchUrl, Path templates) throws Exception {
    ForwardReceiver receiver = new ForwardReceiver(0, 0);
    receiver.spoolTo(Files.createTempDirectory("cd4ml-monitoring-spool-"), () -> false, ForwardSpool.MAX_DEFERRAL_MILLIS);
    BulkIndexer indexer = new BulkIndexer(openSearchUrl);
    indexer.putIndexTemplates(templates);
    receiver.onRecord(indexer);
    receiver.start();
    return receiver;
  }
}
