package dev.cd4ml.training.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cd4ml.contracts.model.FeatureSpec;
import dev.cd4ml.contracts.model.ModelSignature;
import dev.cd4ml.fixtures.data.DemoData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

class FeatureMappingTest {
  private static final String[] HEADER = DemoData.HEADER.split(",");

  private static String[] row(String csvLine) {
    return csvLine.split(",", -1);
  }

  private static Map<String, Double> features(Example<Label> e) {
    Map<String, Double> m = new HashMap<>();
    for (Feature f : e) {
      m.put(f.getName(), f.getValue());
    }
    return m;
  }

  @Test
  void numericColumnsAreNumbersCategoricalAreOneHotLabelIsOutputIdIsIgnored() {
    FeatureMapping mapping = FeatureMapping.bind(DemoData.SCHEMA, HEADER);
    ArrayExample<Label> e = mapping.encode(
        row("17,42,36-50,female,52000,12000,36,700,1,0.310,employed,rent,car,north,yes"), 2);

    assertThat(e.getOutput().getLabel()).isEqualTo("yes"); // verbatim, not upper-cased
    assertThat(features(e)).containsOnly(
        Map.entry("age", 42.0), Map.entry("age_band@36-50", 1.0), Map.entry("sex@female", 1.0),
        Map.entry("income", 52000.0), Map.entry("loan_amount", 12000.0), Map.entry("loan_term_months", 36.0),
        Map.entry("credit_score", 700.0), Map.entry("num_late_payments", 1.0), Map.entry("debt_to_income", 0.31),
        Map.entry("employment@employed", 1.0), Map.entry("housing@rent", 1.0), Map.entry("purpose@car", 1.0),
        Map.entry("region@north", 1.0));
    assertThat(features(e)).doesNotContainKeys("id", "defaulted", "defaulted@yes");
  }

  @Test
  void missingValuesLeaveTheFeatureAbsent() {
    FeatureMapping mapping = FeatureMapping.bind(DemoData.SCHEMA, HEADER);
    ArrayExample<Label> e = mapping.encode(row("1,,18-25,male,30000,5000,12,NA,0,0.2,,own,home,south,no"), 2);

    Map<String, Double> f = features(e);
    assertThat(f).doesNotContainKeys("age", "credit_score");
    assertThat(f.keySet()).noneMatch(k -> k.startsWith("employment@"));
    assertThat(f).containsEntry("num_late_payments", 0.0).containsEntry("age_band@18-25", 1.0);
  }

  @Test
  void aHeaderWithoutASchemaColumnFailsNamingIt() {
    String[] header = DemoData.HEADER.replace(",credit_score", "").split(",");
    assertThatThrownBy(() -> FeatureMapping.bind(DemoData.SCHEMA, header))
        .isInstanceOf(RunFailure.class).hasMessageContaining("credit_score");
  }

  @Test
  void aNonNumericValueFailsWithLineAndColumn() {
    FeatureMapping mapping = FeatureMapping.bind(DemoData.SCHEMA, HEADER);
    assertThatThrownBy(() -> mapping.encode(row("1,forty,36-50,female,1,1,1,1,1,0.1,employed,rent,car,north,no"), 7))
        .isInstanceOf(RunFailure.class).hasMessageContaining("line 7").hasMessageContaining("age")
        .hasMessageContaining("forty");
  }

  @Test
  void aRowWithoutLabelOrWithWrongWidthFails() {
    FeatureMapping mapping = FeatureMapping.bind(DemoData.SCHEMA, HEADER);
    assertThatThrownBy(() -> mapping.encode(row("1,40,36-50,female,1,1,1,1,1,0.1,employed,rent,car,north,"), 3))
        .isInstanceOf(RunFailure.class).hasMessageContaining("line 3").hasMessageContaining("defaulted");
    assertThatThrownBy(() -> mapping.encode(row("1,40,36-50"), 4))
        .isInstanceOf(RunFailure.class).hasMessageContaining("line 4").hasMessageContaining("expected 15 fields");
  }

  @Test
  void signatureListsFeaturesInSchemaOrderWithTrainingCategoriesAndLabels() {
    FeatureMapping mapping = FeatureMapping.bind(DemoData.SCHEMA, HEADER);
    List<ArrayExample<Label>> training = List.of(
        mapping.encode(row("1,40,36-50,female,1,1,1,1,1,0.1,employed,rent,car,north,no"), 2),
        mapping.encode(row("2,20,18-25,male,1,1,1,1,1,0.1,student,own,car,south,yes"), 3));

    ModelSignature s = mapping.signature(training, "yes");

    assertThat(s.features()).extracting(FeatureSpec::name).containsExactly("age", "age_band", "sex", "income",
        "loan_amount", "loan_term_months", "credit_score", "num_late_payments", "debt_to_income", "employment",
        "housing", "purpose", "region");
    assertThat(s.features().get(0).type()).isEqualTo(FeatureSpec.FeatureKind.numeric);
    assertThat(s.features().get(9)).isEqualTo(FeatureSpec.categorical("employment", List.of("employed", "student")));
    assertThat(s.labels()).containsExactly("no", "yes");
    assertThat(s.labelColumn()).isEqualTo("defaulted");
    assertThat(s.positiveLabel()).isEqualTo("yes");
  }

  @Test
  void theSharedRulesReadEveryMissingSpellingExponentsAndBlanks() {
    // Unseen categories at serving time are the feature-parity test's (platform/feature-parity).
    FeatureMapping mapping = FeatureMapping.bind(DemoData.SCHEMA, HEADER);
    for (String missing : List.of("", " ", "NA", "N/A", "NaN", "nan", "null", "NULL", " NA\t")) {
      Map<String, Double> f = features(mapping.encode(
          row("1," + missing + ",18-25," + missing + ",1e3,-2.5E-2,12,1,0,0.2,employed,own,home,south, no "), 2));
      assertThat(f).as(missing).doesNotContainKey("age").containsEntry("income", 1000.0)
          .containsEntry("loan_amount", -0.025).containsEntry("housing@own", 1.0);
      assertThat(f.keySet()).as(missing).noneMatch(k -> k.startsWith("sex@"));
    }
    assertThat(mapping.encode(row("1,2,18-25, female ,1,1,1,1,0,0.2,employed,own,home,south,no"), 2).getOutput().getLabel())
        .isEqualTo("no");
    assertThat(features(mapping.encode(row("1,2,18-25, female ,1,1,1,1,0,0.2,employed,own,home,south,no"), 2)))
        .containsEntry("sex@female", 1.0);
    for (String notANumber : List.of("Infinity", "0x10", "1d", "1,5")) {
      assertThatThrownBy(() -> mapping.encode(row("1," + notANumber.replace(",", ";") + ",18-25,male,1,1,1,1,0,0.2,"
          + "employed,own,home,south,no"), 9)).as(notANumber).isInstanceOf(RunFailure.class).hasMessageContaining("line 9")
          .hasMessageContaining("is not a number");
    }
  }
}
