package dev.cd4ml.contracts.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class FeatureNamesTest {
  @Test
  void oneHotFeaturesAreColumnAtValue() {
    assertEquals("housing@rent", FeatureNames.oneHot("housing", "rent"));
    assertEquals("email@a@b.c", FeatureNames.oneHot("email", "a@b.c"));
  }

  @Test
  void aFeatureNameIsReadBackAgainstItsColumn() {
    assertEquals("rent", FeatureNames.categoryOf("housing", "housing@rent"));
    assertEquals("a@b.c", FeatureNames.categoryOf("email", "email@a@b.c"));
    assertEquals("x", FeatureNames.categoryOf("a@b", "a@b@x"));
    assertEquals("", FeatureNames.categoryOf("housing", "housing@"));
    assertNull(FeatureNames.categoryOf("housing", "housing"));
    assertNull(FeatureNames.categoryOf("housing", "housingX@rent"));
    assertNull(FeatureNames.categoryOf("age", "age_band@18-25"));
  }
}
