package dev.cd4ml.training.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** What a client asks to train, as the service validates it (every field may be missing). */
public record RunRequest(
    String dataset,
    String dataVersion,
    String algorithm,
    Map<String, Object> params,
    Long seed,
    Double testFraction,
    Boolean stratified,
    String codeRevision,
    Boolean register,
    String modelName,
    String positiveLabel,
    JsonNode tags) {}
