package workshop.support.term;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The test hook: {@code WORKSHOP_FRAME_FILE=path} makes every drawn frame land in {@code path} too.
 * First line: {@code drawing|drawn|closed <n> <columns>x<rows> pid <pid> fitted <true|false>}; then
 * the frame's lines exactly as the screen shows them (no colours). "fitted" says the view's frame
 * had to be cut to fit; "drawing" that the screen may still show the frame before.
 */
final class FrameFile {
  private final Path path;
  private long count;
  private String last = "";

  private FrameFile(Path path) {
    this.path = path;
  }

  static FrameFile fromEnvironment() {
    String p = System.getenv("WORKSHOP_FRAME_FILE");
    return p == null || p.isBlank() ? null : new FrameFile(Path.of(p));
  }

  void write(Frame frame, List<String> lines, Size size, boolean drawn) {
    if (!drawn) {
      count++;
    }
    boolean fitted = !Canvas.plain(frame.screen()).equals(Canvas.plain(lines));
    last = String.join("\n", Canvas.plain(lines)) + (lines.isEmpty() ? "" : "\n");
    save(
        (drawn ? "drawn " : "drawing ")
            + count
            + " "
            + size.columns()
            + "x"
            + size.rows()
            + " pid "
            + ProcessHandle.current().pid()
            + " fitted "
            + fitted
            + "\n"
            + last);
  }

  void closed() {
    save("closed " + count + " pid " + ProcessHandle.current().pid() + "\n" + last);
  }

  private void save(String text) {
    try {
      Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // A test hook must never break the view; the test notices the missing frame.
    }
  }
}
