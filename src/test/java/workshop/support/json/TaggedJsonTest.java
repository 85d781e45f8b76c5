package workshop.support.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tagged records of a sealed interface, both ways, and every way a body can be wrong. */
class TaggedJsonTest {
  sealed interface Shape {}

  record Circle(double radius) implements Shape {
    Circle {
      if (radius <= 0) {
        throw new IllegalArgumentException("a radius must be positive, got " + radius);
      }
    }
  }

  record Label(String text, Point at) implements Shape {}

  record Group(List<String> names, Map<String, Long> counts) implements Shape {}

  record Empty() implements Shape {}

  /** A value class that is not a record: it travels as its wire record. */
  static final class Point {
    final int x;
    final int y;

    Point(int x, int y) {
      if (x < 0) {
        throw new IllegalArgumentException("x must be 0 or more, got " + x);
      }
      this.x = x;
      this.y = y;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Point p && p.x == x && p.y == y;
    }

    @Override
    public int hashCode() {
      return 31 * x + y;
    }
  }

  record PointWire(int x, int y) {}

  static final TaggedJson<Shape> CODEC =
      TaggedJson.of(Shape.class)
          .adapt(
              Point.class,
              PointWire.class,
              p -> new PointWire(p.x, p.y),
              w -> new Point(w.x(), w.y()))
          .build();

  @Test
  void everyRecordGoesOutTaggedAndComesBackEqual() {
    List<Shape> shapes =
        List.of(
            new Circle(2.5),
            new Label("hi", new Point(1, 2)),
            new Group(List.of("a", "b"), Map.of("a", 3L)),
            new Empty());
    for (Shape s : shapes) {
      assertThat(CODEC.read(CODEC.write(s))).isEqualTo(s);
    }
    assertThat(CODEC.text(new Label("hi", new Point(1, 2))))
        .isEqualTo("{\"type\":\"Label\",\"text\":\"hi\",\"at\":{\"x\":1,\"y\":2}}");
    assertThat(CODEC.tags()).containsExactly("Circle", "Label", "Group", "Empty");
    assertThat(CODEC.readArray(CODEC.writeArray(shapes))).isEqualTo(shapes);
  }

  @Test
  void anythingElseIsRefusedWithASentence() {
    assertThatThrownBy(() -> CODEC.read("nope"))
        .hasMessageStartingWith("the body is not valid JSON");
    assertThatThrownBy(() -> CODEC.read("[1]"))
        .hasMessage(
            "expected a JSON object with a \"type\" field, one of [Circle, Label, Group, Empty]");
    assertThatThrownBy(() -> CODEC.read("{\"radius\":1}"))
        .hasMessage(
            "the object has no \"type\" field; expected one of [Circle, Label, Group, Empty]");
    assertThatThrownBy(() -> CODEC.read("{\"type\":7}"))
        .hasMessageStartingWith("the object has no \"type\" field");
    assertThatThrownBy(() -> CODEC.read("{\"type\":\"Square\"}"))
        .hasMessage("\"Square\" is not a Shape; expected one of [Circle, Label, Group, Empty]");
    assertThatThrownBy(() -> CODEC.read("{\"type\":\"Circle\"}"))
        .hasMessage("not a valid Circle: field 'radius' is required (a number)");
    assertThatThrownBy(() -> CODEC.read("{\"type\":\"Circle\",\"radius\":\"big\"}"))
        .hasMessageStartingWith("not a valid Circle: ");
    assertThatThrownBy(() -> CODEC.read("{\"type\":\"Circle\",\"radius\":-1}"))
        .hasMessage("not a valid Circle: a radius must be positive, got -1.0");
    assertThatThrownBy(
            () -> CODEC.read("{\"type\":\"Label\",\"text\":\"x\",\"at\":{\"x\":-1,\"y\":0}}"))
        .hasMessage("not a valid Label: x must be 0 or more, got -1");
    assertThatThrownBy(() -> CODEC.readArray("{}".getBytes()))
        .hasMessage("expected a JSON array of objects with a \"type\" field");
    assertThatThrownBy(() -> CODEC.readArray("[{\"type\":\"Square\"}]".getBytes()))
        .hasMessageStartingWith("\"Square\" is not a Shape");
  }

  @Test
  void onlySealedInterfacesOfRecordsCanBeTagged() {
    assertThatThrownBy(() -> TaggedJson.of(Runnable.class))
        .hasMessage("java.lang.Runnable is not a sealed interface");
  }
}
