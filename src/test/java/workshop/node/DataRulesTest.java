package workshop.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataRulesTest {
  @Test
  void acceptsOrdinaryKeysAndValues() {
    assertThat(DataRules.checkKey("user_123")).isEmpty();
    assertThat(DataRules.checkValue("Alice")).isEmpty();
  }

  @Test
  void explainsMissingBlankAndOversizedKeys() {
    assertThat(DataRules.checkKey(null)).contains("field 'key' is required (a non-empty string)");
    assertThat(DataRules.checkKey("  ")).contains("field 'key' must not be blank");
    assertThat(DataRules.checkKey("k".repeat(1025)))
        .contains("field 'key' is 1025 characters long; the limit is 1024");
    assertThat(DataRules.checkKey("k".repeat(1024))).isEmpty();
  }

  @Test
  void explainsMissingAndBlankValues() {
    assertThat(DataRules.checkValue(null)).contains("field 'value' is required (a string)");
    assertThat(DataRules.checkValue("")).contains("field 'value' must not be blank");
  }
}
