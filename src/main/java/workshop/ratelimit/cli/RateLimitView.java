package workshop.ratelimit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workshop.support.term.Block;
import workshop.support.term.Column;
import workshop.support.term.Frame;
import workshop.support.term.Size;

/**
 * The rate-limit view as a pure function of a snapshot: the good user and the bad actor side by
 * side, their 200s and 429s, and the checkpoint (the bad actor is throttled, the good user never).
 */
public final class RateLimitView {
  /** What one user has seen so far. */
  public record User(
      String name, double perSecond, long ok, long limited, long other, String last) {}

  public record Snapshot(String target, double elapsedSeconds, User good, User bad) {}

  private RateLimitView() {}

  /** Widest each user's bars get; narrower terminals get shorter bars. */
  static final int BAR = 40;

  /**
   * The frame for a terminal of {@code size}: the table fits 80 columns (a longer last answer is
   * cut visibly), the bars shrink to the width, and the hint puts its command on a line of its own.
   */
  public static Frame render(Snapshot s, Size size) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "%-9s %6s %7s %7s %6s  %s",
            "user",
            "sends",
            "200",
            "429",
            "other",
            "last answer"));
    for (User u : List.of(s.good(), s.bad())) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%-9s %4.0f/s %,7d %,7d %,6d  %s",
              u.name(),
              u.perSecond(),
              u.ok(),
              u.limited(),
              u.other(),
              u.last()));
    }
    // "bad actor  200 <bar> 429 <bar>": 20 columns of labels around two bars.
    int width = Math.max(5, Math.min(BAR, (size.columns() - 20) / 2));
    List<String> bars = new ArrayList<>();
    for (User u : List.of(s.good(), s.bad())) {
      long all = Math.max(1, u.ok() + u.limited());
      int okBars = (int) Math.round(width * (double) u.ok() / all);
      int limitedBars = (int) Math.round(width * (double) u.limited() / all);
      bars.add(
          String.format(
              Locale.ROOT,
              "%-10s 200 %s 429 %s",
              u.name(),
              "█".repeat(okBars) + " ".repeat(Math.max(0, width - okBars)),
              "\u001b[31m" + "█".repeat(limitedBars) + "\u001b[0m"));
    }
    boolean throttled = s.bad().limited() > 0;
    boolean spared = s.good().limited() == 0 && s.good().ok() > 0;
    List<String> checkpoint = new ArrayList<>();
    checkpoint.add(
        "Checkpoint: bad actor throttled "
            + (throttled ? "✅" : "… not yet")
            + " | good user never throttled "
            + (spared ? "✅" : s.good().limited() > 0 ? "❌" : "… not yet"));
    if (!throttled && s.elapsedSeconds() >= 3) {
      checkpoint.add("No 429 yet: is the target started with --rate-limit? Try:");
      checkpoint.add("  ./workshop node --port 5004 --id 4 --rate-limit 5");
    }
    List<Block> blocks =
        List.of(
            Block.of(
                String.format(
                    Locale.ROOT,
                    "=== Rate limiting at %s (%.0f s) ===",
                    s.target(),
                    s.elapsedSeconds()),
                lines),
            Block.optional("bars", null, bars, 1),
            Block.of(checkpoint));
    String line =
        String.format(
            Locale.ROOT,
            "%.0fs good user 200=%d 429=%d | bad actor 200=%d 429=%d | throttled=%s spared=%s",
            s.elapsedSeconds(),
            s.good().ok(),
            s.good().limited(),
            s.bad().ok(),
            s.bad().limited(),
            throttled,
            spared);
    return new Frame(Column.stack(blocks, size, null), line);
  }
}
