package dev.cd4ml.parts;

/**
 * Test-only door to the local platform's record indexer ({@link BulkIndexer} is package-private):
 * wires a forward receiver to OpenSearch exactly as {@code PartMain forward --opensearch-url} does,
 * without a second JVM.
 */
public final class LocalForwardIndexing {

    private LocalForwardIndexing() {
    }

    /** From now on every prediction and feedback record the receiver gets is bulk-indexed into OpenSearch. */
    public static void indexInto(ForwardReceiver receiver, String openSearchUrl) {
        receiver.onRecord(new BulkIndexer(openSearchUrl));
    }

    /** The index a record goes to, as the local platform names it. */
    public static String indexOf(ForwardReceiver.Record record) {
        return BulkIndexer.index(record);
    }
}
