package workshop.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The readable account of a run: one line per thing that happened, stamped with virtual time
 * ({@code 1.250s node-2 suspect node-3: ...}). Lines go to a sink as they happen, and the latest
 * ones are kept so that a violated invariant can show how the run got there.
 */
final class SimTrace {
  static final int KEPT = 200;

  private TraceLevel level;
  private final Consumer<String> sink;
  private final ArrayDeque<String> recent = new ArrayDeque<>();

  SimTrace(TraceLevel level, Consumer<String> sink) {
    this.level = level;
    this.sink = sink;
  }

  void level(TraceLevel level) {
    this.level = level;
  }

  boolean shows(TraceLevel wanted) {
    return level.ordinal() >= wanted.ordinal();
  }

  void line(long atMillis, String text) {
    String line = time(atMillis) + "  " + text;
    if (recent.size() == KEPT) {
      recent.removeFirst();
    }
    recent.addLast(line);
    if (sink != null) {
      sink.accept(line);
    }
  }

  List<String> recent() {
    return new ArrayList<>(recent);
  }

  /** {@code 12.345s}: seconds with milliseconds, right-aligned in 8 characters. */
  static String time(long millis) {
    String ms = Long.toString(Math.abs(millis) % 1000);
    String text =
        (millis < 0 ? "-" : "")
            + Math.abs(millis) / 1000
            + "."
            + "000".substring(ms.length())
            + ms
            + "s";
    return text.length() >= 8 ? text : " ".repeat(8 - text.length()) + text;
  }
}
