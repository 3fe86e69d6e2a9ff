package dev.cd4ml.contracts.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void decimalAndExponentFormsAreNumbers() {
    assertBoth(1.5, "1.5");
    assertBoth(-0.001, " -1e-3 ");
    assertBoth(1000.0, "1e3");
    assertBoth(-0.025, "-2.5E-2");
    assertBoth(150.0, "1.5E+2");
    assertBoth(3.0, "+3");
    assertBoth(12.0, "12.");
    assertBoth(0.5, ".5");
    assertBoth(42.0, "\t42\t");
    assertBoth(0.1 + 0.2, "0.30000000000000004");
    assertBoth(Double.parseDouble("123456789012345678901234"), "123456789012345678901234");
    assertBoth(4.9e-324, "4.9e-324");
    assertBoth(1.7976931348623157e308, "1.7976931348623157e308");
  }

  @Test
  void whatIsNotANumber() {
    for (String bad : List.of("", " ", "-", "+", ".", "+.", "e5", "1e", "1e+", "1d", "2f", "0x10", "Infinity",
        "-Infinity", "NaN", "NA", "1.2.3", "1,5", "1,000", "1_000", "1 000", "--1", "1e3.5", "1e999", "-1e999", "١٢",
        "12abc")) {
      assertTrue(Double.isNaN(Numbers.parse(bad)), "'" + bad + "'");
      byte[] b = bad.getBytes(StandardCharsets.UTF_8);
      assertTrue(Double.isNaN(Numbers.parse(b, 0, b.length)), "bytes '" + bad + "'");
    }
    assertTrue(Double.isNaN(Numbers.parse((CharSequence) null)));
  }

  @Test
  void textAndBytesAgreeWithJavaOnRandomNumbers() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      String s = switch (i % 4) {
        case 0 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
        case 1 -> Long.toString(random.nextLong() >> random.nextInt(64));
        case 2 -> String.format(java.util.Locale.ROOT, "%.6e", random.nextDouble() * 1e6);
        default -> (random.nextInt(2000) - 1000) + "." + random.nextInt(100000) + "e" + (random.nextInt(60) - 30);
      };
      assertBoth(Double.parseDouble(s), s);
    }
  }

  private static void assertBoth(double expected, String s) {
    assertEquals(expected, Numbers.parse(s), s);
    byte[] b = ("x" + s + "y").getBytes(StandardCharsets.UTF_8);
    assertEquals(expected, Numbers.parse(b, 1, b.length - 1), "bytes " + s);
  }
}
