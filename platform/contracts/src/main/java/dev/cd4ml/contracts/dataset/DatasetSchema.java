package dev.cd4ml.contracts.dataset;

import java.util.List;

/**
 * The schema of a dataset version as data-service serves it and training-service reads it.
 *
 * @param revision  increases each time a version is accepted with another schema
 * @param label     the target column
 * @param idColumn  an optional row-id column, never a feature
 * @param protectedColumns columns watched for fairness
 */
public record DatasetSchema(int revision, List<ColumnSpec> columns, String label, String idColumn, List<String> protectedColumns) {}
