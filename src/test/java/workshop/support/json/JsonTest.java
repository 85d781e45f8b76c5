package workshop.support.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Heartbeat(String node_id, @Json.Optional String address, @Json.Optional Integer port) {}

  record Versioned(String key, long version) {}

  record Peer(String node_id, int port) {}

  record Peers(List<Peer> nodes, Map<String, Long> versions) {}

  record Positive(long version) {
    Positive {
      if (version < 1) {
        throw new IllegalArgumentException("field 'version' must be 1 or more, got " + version);
      }
    }
  }

  record Counts(Integer count, double share, Boolean healthy, List<String> names) {}

  record BadOptional(@Json.Optional int port) {}

  @Test
  void readsARecordByItsFieldNamesAndIgnoresFieldsItDoesNotKnow() {
    Heartbeat h =
        Json.read("{\"node_id\":\"node-1\",\"port\":5001,\"added_later\":[1]}", Heartbeat.class);
    assertThat(h).isEqualTo(new Heartbeat("node-1", null, 5001));
  }

  @Test
  void aNumberOrABooleanIsTakenAsItsTextWhereAStringIsExpected() {
    // As the original's Python servers did: {"value": 42} stores "42".
    assertThat(Json.read("{\"key\":42,\"version\":1}", Versioned.class).key()).isEqualTo("42");
    assertThat(Json.read("{\"node_id\":true}", Heartbeat.class).node_id()).isEqualTo("true");
  }

  @Test
  void aMissingRequiredFieldIsNamedWithWhatItMustBe() {
    assertThatThrownBy(() -> Json.read("{\"port\":1}", Heartbeat.class))
        .isInstanceOf(Json.ShapeFailure.class)
        .hasMessage("field 'node_id' is required (a string)");
    assertThatThrownBy(() -> Json.read("{\"key\":\"k\",\"version\":null}", Versioned.class))
        .hasMessage("field 'version' is required (a whole number)");
  }

  @Test
  void aFieldOfTheWrongTypeIsNamedWithWhatItMustBeAndWhatCame() {
    assertThatThrownBy(() -> Json.read("{\"key\":[1,2],\"version\":1}", Versioned.class))
        .isInstanceOf(Json.ShapeFailure.class)
        .hasMessage("field 'key' must be a string, not an array");
    assertThatThrownBy(() -> Json.read("{\"key\":\"k\",\"version\":\"2\"}", Versioned.class))
        .hasMessage("field 'version' must be a whole number, not a string");
    assertThatThrownBy(() -> Json.read("{\"node_id\":{}}", Heartbeat.class))
        .hasMessage("field 'node_id' must be a string, not an object");
  }

  @Test
  void numbersAreNeverRoundedOrWrappedIntoRange() {
    assertThatThrownBy(() -> Json.read("{\"key\":\"k\",\"version\":1.5}", Versioned.class))
        .hasMessage("field 'version' must be a whole number, not 1.5");
    assertThatThrownBy(() -> Json.read("{\"key\":\"k\",\"version\":1.5e300}", Versioned.class))
        .hasMessage("field 'version' must be a whole number, not 1.5E300");
    String huge = "9".repeat(400);
    assertThatThrownBy(() -> Json.read("{\"key\":\"k\",\"version\":" + huge + "}", Versioned.class))
        .hasMessage(
            "field 'version' must be a whole number from -9223372036854775808 to"
                + " 9223372036854775807, not a 400-character number");
    assertThatThrownBy(() -> Json.read("{\"node_id\":\"n\",\"port\":4294967297}", Heartbeat.class))
        .hasMessage(
            "field 'port' must be a whole number from -2147483648 to 2147483647, not 4294967297");
  }

  @Test
  void aFieldDeepInsideIsNamedByItsPath() {
    String body = "{\"nodes\":[{\"node_id\":\"a\",\"port\":1},{\"port\":2}],\"versions\":{}}";
    assertThatThrownBy(() -> Json.read(body, Peers.class))
        .hasMessage("field 'nodes[1].node_id' is required (a string)");
    assertThatThrownBy(
            () -> Json.read("{\"nodes\":[],\"versions\":{\"user:bob\":\"x\"}}", Peers.class))
        .hasMessage("field 'versions.user:bob' must be a whole number, not a string");
    assertThat(
            Json.read(
                    "{\"nodes\":[{\"node_id\":\"a\",\"port\":1}],\"versions\":{\"k\":3}}",
                    Peers.class)
                .versions())
        .containsEntry("k", 3L);
  }

  @Test
  void aRecordsOwnCheckIsReportedInItsOwnWords() {
    assertThatThrownBy(() -> Json.read("{\"version\":0}", Positive.class))
        .isInstanceOf(Json.ShapeFailure.class)
        .hasMessage("field 'version' must be 1 or more, got 0")
        .matches(e -> !((Json.ShapeFailure) e).wholeDocument());
  }

  @Test
  void aDocumentOfAnotherKindIsRefusedAsAWhole() {
    assertThatThrownBy(() -> Json.read("[1,2]", Heartbeat.class))
        .isInstanceOf(Json.ShapeFailure.class)
        .hasMessage("the body must be a JSON object, not an array")
        .matches(e -> ((Json.ShapeFailure) e).wholeDocument());
  }

  @Test
  void bytesThatAreNotJsonAreToldApartFromJsonOfTheWrongShape() {
    assertThatThrownBy(() -> Json.read("{nope", Heartbeat.class))
        .isExactlyInstanceOf(Json.JsonParseFailure.class)
        .hasMessageStartingWith("the body is not valid JSON");
    assertThatThrownBy(() -> Json.read("", Heartbeat.class))
        .hasMessage("the body is empty; send a JSON document");
  }

  @Test
  void theParsersOwnLimitsAreReportedWithoutNamingItsClasses() {
    String longNumber = "{\"key\":\"k\",\"version\":" + "1".repeat(5000) + "}";
    String deep = "[".repeat(5000) + "]".repeat(5000);
    for (String body : List.of(longNumber, deep)) {
      assertThatThrownBy(() -> Json.read(body, Versioned.class))
          .isExactlyInstanceOf(Json.JsonParseFailure.class)
          .hasMessageStartingWith("the body is not valid JSON")
          .hasMessageNotContaining("`")
          .hasMessageNotContaining("Constraints")
          .hasMessageNotContaining("jackson");
    }
  }

  @Test
  void anyJsonCanBeReadAsPlainJavaValues() {
    Object v =
        Json.read("{\"a\":[1,2.5,true,null,\"x\"],\"b\":" + "9".repeat(30) + "}", Object.class);
    assertThat(v).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(m.get("a")).isEqualTo(java.util.Arrays.asList(1L, 2.5, true, null, "x"));
    assertThat(m.get("b")).isEqualTo(new BigInteger("9".repeat(30)));
  }

  @Test
  void aToleratingReaderKeepsWhatItCanRead() {
    // A live view shows what it can: wrong types become null (or 0), bad list elements drop out.
    Counts c =
        Json.readTolerantly(
            "{\"count\":\"many\",\"share\":[],\"names\":[\"a\",{},\"b\"]}".getBytes(),
            Counts.class);
    assertThat(c).isEqualTo(new Counts(null, 0.0, null, List.of("a", "b")));
    assertThatThrownBy(() -> Json.readTolerantly("[1]".getBytes(), Counts.class))
        .isInstanceOf(Json.ShapeFailure.class);
  }

  @Test
  void anOptionalPrimitiveIsAMistakeInTheRecordNotInTheInput() {
    assertThatThrownBy(() -> Json.read("{}", BadOptional.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a boxed type");
  }

  @Test
  void recordsAreWrittenWithTheirFieldNamesInOrder() {
    assertThat(Json.text(new Heartbeat("node-1", null, 5001)))
        .isEqualTo("{\"node_id\":\"node-1\",\"address\":null,\"port\":5001}");
  }
}
