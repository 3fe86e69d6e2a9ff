package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.serving.support.TestModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tribuo.Feature;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

class InputSchemaTest {
  private static final Set<String> MODEL_FEATURES = Set.of("age@value", "income@value", "num_late_payments@value",
      "sex@female", "sex@male", "purpose@car", "purpose@education", "purpose@home", "housing@own", "housing@rent");

  private final InputSchema schema = InputSchema.compile(TestModels.signature(), MODEL_FEATURES);

  @Test
  void validRowBecomesNumericValuesAndOneHotBits() {
    InputSchema.Validation v = schema.validate(TestModels.sampleRow(), InputSchema.UnseenPolicy.REJECT);
    assertTrue(v.valid(), () -> String.valueOf(v.errors()));
    ArrayExample<Label> ex = schema.toExample(v.row());
    Map<String, Double> features = new HashMap<>();
    for (Feature f : ex) {
      features.put(f.getName(), f.getValue());
    }
    assertEquals(Map.of("age@value", 29.0, "income@value", 21000.0, "num_late_payments@value", 3.0,
        "sex@female", 1.0, "purpose@education", 1.0, "housing@rent", 1.0), features);
  }

  @Test
  void numericFeaturesKeepThePlainNameWhenTheModelWasTrainedWithIt() {
    InputSchema plain = InputSchema.compile(TestModels.signature(), Set.of("age", "income", "num_late_payments",
        "sex@female", "sex@male", "purpose@car", "purpose@education", "purpose@home", "housing@own", "housing@rent"));
    ArrayExample<Label> ex = plain.toExample(plain.validate(TestModels.sampleRow(), InputSchema.UnseenPolicy.REJECT).row());
    assertEquals(29.0, ex.lookup("age").getValue());
    assertEquals("age", plain.refOf("age").feature());
  }

  @Test
  void everyBadFieldIsListed() {
    Map<String, Object> row = new HashMap<>(TestModels.sampleRow());
    row.remove("income");                // missing
    row.put("colour", "red");            // unknown
    row.put("age", "twenty");            // wrong type
    row.put("sex", 1);                   // wrong type (categorical needs a string)
    row.put("purpose", "yacht");         // unseen category
    InputSchema.Validation v = schema.validate(row, InputSchema.UnseenPolicy.REJECT);
    assertFalse(v.valid());
    Map<String, String> byField = v.errors().stream()
        .collect(Collectors.toMap(ProblemError::field, ProblemError::message));
    assertEquals(Set.of("features.income", "features.colour", "features.age", "features.sex", "features.purpose"),
        byField.keySet());
    assertTrue(byField.get("features.income").startsWith("missing"));
    assertTrue(byField.get("features.colour").startsWith("unknown feature"));
    assertTrue(byField.get("features.age").contains("must be a number"));
    assertTrue(byField.get("features.sex").contains("must be a string"));
    assertTrue(byField.get("features.purpose").contains("unseen category 'yacht'"));
  }

  @Test
  void unseenCategoryAcceptedAsUnknownSetsNoBit() {
    Map<String, Object> row = new HashMap<>(TestModels.sampleRow());
    row.put("purpose", "yacht");
    InputSchema.Validation v = schema.validate(row, InputSchema.UnseenPolicy.UNKNOWN);
    assertTrue(v.valid());
    assertEquals(List.of("purpose"), v.row().unknownCategories());
    ArrayExample<Label> ex = schema.toExample(v.row());
    for (Feature f : ex) {
      assertFalse(f.getName().startsWith("purpose@"), f.getName());
    }
    assertEquals(5, ex.size());
  }

  @Test
  void nullMeansNotKnownAndSetsNoFeature() {
    Map<String, Object> row = new HashMap<>(TestModels.sampleRow());
    row.put("age", null);
    InputSchema.Validation v = schema.validate(row, InputSchema.UnseenPolicy.REJECT);
    assertTrue(v.valid());
    assertNull(schema.toExample(v.row()).lookup("age@value"));
  }

  @Test
  void aRowWithNothingKnownIsRejected() {
    Map<String, Object> row = new HashMap<>();
    for (String k : TestModels.sampleRow().keySet()) {
      row.put(k, null);
    }
    InputSchema.Validation v = schema.validate(row, InputSchema.UnseenPolicy.REJECT);
    assertEquals("features", v.errors().get(0).field());
  }

  @Test
  void nonFiniteNumbersAreRejected() {
    Map<String, Object> row = new HashMap<>(TestModels.sampleRow());
    row.put("income", Double.NaN);
    assertEquals("features.income", schema.validate(row, InputSchema.UnseenPolicy.REJECT).errors().get(0).field());
  }

  @Test
  void csvHeaderAndCellsAreCheckedWithRowAndColumn() {
    List<ProblemError> errors = new ArrayList<>();
    int[] slots = schema.columnSlots(new String[] {"id", "age", "income", "num_late_payments", "sex", "purpose", "housing",
        "defaulted"}, Set.of("id", "defaulted"), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    InputSchema.Validation ok = schema.validateText(new String[] {"7", "41", "52000", "0", "male", "car", "own", "no"},
        slots, InputSchema.UnseenPolicy.REJECT, 2);
    assertTrue(ok.valid());
    assertEquals(41.0, ok.row().values()[0]);
    InputSchema.Validation bad = schema.validateText(new String[] {"8", "x", "", "0", "other", "car", "own", "no"},
        slots, InputSchema.UnseenPolicy.REJECT, 3);
    assertEquals(2, bad.errors().size());
    assertEquals(new ProblemError("age", 3L, 2, "must be a number, got 'x'"), bad.errors().get(0));
    assertEquals("sex", bad.errors().get(1).field());
    assertEquals(5, bad.errors().get(1).column());

    List<ProblemError> headerErrors = new ArrayList<>();
    schema.columnSlots(new String[] {"age", "colour", "age"}, Set.of(), headerErrors);
    Set<String> fields = headerErrors.stream().map(ProblemError::field).collect(Collectors.toSet());
    assertTrue(fields.containsAll(Set.of("colour", "income", "num_late_payments", "sex", "purpose", "housing")), fields::toString);
    assertTrue(headerErrors.stream().anyMatch(e -> e.message().equals("duplicate column")));
  }

  @Test
  void missingTokensAndBlanksReadAsInTrainingInJsonAndCsv() {
    // The same reading as training's CSV (FeatureValues): a token string in JSON is missing as the cell would be.
    Map<String, Object> json = new HashMap<>(TestModels.sampleRow());
    json.put("age", "NA");
    json.put("income", "null");
    json.put("sex", " male ");
    json.put("purpose", "N/A");
    InputSchema.Validation v = schema.validate(json, InputSchema.UnseenPolicy.REJECT);
    assertTrue(v.valid(), () -> String.valueOf(v.errors()));
    assertNull(v.row().values()[0]);
    assertNull(v.row().values()[1]);
    assertEquals("male", v.row().values()[3]);
    assertNull(v.row().values()[4]);

    int[] slots = schema.columnSlots(new String[] {"age", "income", "num_late_payments", "sex", "purpose", "housing"},
        Set.of(), new ArrayList<>());
    InputSchema.Validation csv = schema.validateText(new String[] {"nan", " 1e3 ", "-2.5E-2", "\tmale", "NULL", " "},
        slots, InputSchema.UnseenPolicy.REJECT, 2);
    assertTrue(csv.valid(), () -> String.valueOf(csv.errors()));
    assertEquals(java.util.Arrays.asList(null, 1000.0, -0.025, "male", null, null), java.util.Arrays.asList(csv.row().values()));
    InputSchema.Validation notNumbers = schema.validateText(new String[] {"Infinity", "0x10", "1d", "male", "car", "own"},
        slots, InputSchema.UnseenPolicy.REJECT, 3);
    assertEquals(3, notNumbers.errors().size());
  }
}
