package dev.cd4ml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemLineTest {
  @Test
  void eachErrorNamesItsLineColumnAndField() throws Exception {
    Api.Answer a = new Api.Answer(422, Api.JSON.readTree("""
        {"title": "Content does not fit the dataset", "detail": "1 error(s); nothing was stored",
         "errors": [{"row": 4, "column": 66, "field": "crop", "message": "no label"},
                    {"row": 7, "message": "expected 3 fields as in the header, found 2"},
                    {"field": "label", "message": "needed"}]}"""));
    assertThat(Api.problemLine(a)).isEqualTo("422 Content does not fit the dataset: 1 error(s); nothing was stored"
        + " (line 4, column 66 crop: no label; line 7: expected 3 fields as in the header, found 2; label: needed)");
  }
}
