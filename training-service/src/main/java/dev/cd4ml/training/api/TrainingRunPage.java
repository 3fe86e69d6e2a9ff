package dev.cd4ml.training.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "TrainingRunPage")
public record TrainingRunPage(List<TrainingRunView> items, int page, int size, long total) {}
