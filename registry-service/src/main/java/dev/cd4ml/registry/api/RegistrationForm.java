package dev.cd4ml.registry.api;

import dev.cd4ml.contracts.model.ModelLineage;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Documents the multipart body of a registration (the resource reads the parts with @RestForm). */
@Schema(name = "ModelRegistration", description = "multipart/form-data with two parts")
public class RegistrationForm {
  @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary",
      description = "The Tribuo model serialized with model.serializeToFile (protobuf), application/octet-stream",
      required = true)
  public byte[] artifact;

  @Schema(description = "Lineage as application/json: trainingRunId, dataset, dataVersion, algorithm, metrics and "
      + "signature (features, labels) are required", required = true)
  public ModelLineage lineage;
}
