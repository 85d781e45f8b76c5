package workshop.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fenced block of a markdown file: where it is, its info string ({@code bash}, {@code java}, or
 * none), the marker right above it, and its lines (the fence's indentation taken off).
 *
 * @param line the 1-based line of the opening fence
 * @param markerProblem why the comment above it is not a valid marker, or null
 */
record DocBlock(
    Path doc,
    int line,
    String info,
    Optional<Marker> marker,
    String markerProblem,
    List<String> lines) {

  private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\S*)\\s*$");

  /** {@code docs/lessons/07-gossip.md:138}, as a failure message names the block. */
  String where() {
    return doc.toString().replace('\\', '/') + ":" + line;
  }

  /** The blocks of {@code doc}, in order. */
  static List<DocBlock> read(Path doc) {
    List<String> text;
    try {
      text = Files.readAllLines(doc, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<DocBlock> blocks = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      Matcher open = FENCE.matcher(text.get(i));
      if (!open.matches()) {
        continue;
      }
      String indent = open.group(1);
      int end = i + 1;
      while (end < text.size() && !text.get(end).strip().equals("```")) {
        end++;
      }
      if (end == text.size()) {
        throw new IllegalStateException(doc + ":" + (i + 1) + ": a fenced block is not closed");
      }
      List<String> lines = new ArrayList<>();
      for (String l : text.subList(i + 1, end)) {
        lines.add(l.startsWith(indent) ? l.substring(indent.length()) : l.strip());
      }
      Optional<Marker> marker = Optional.empty();
      String problem = null;
      if (i > 0) {
        try {
          marker = Marker.parse(text.get(i - 1));
        } catch (IllegalArgumentException e) {
          problem = e.getMessage();
        }
      }
      blocks.add(new DocBlock(doc, i + 1, open.group(2), marker, problem, List.copyOf(lines)));
      i = end;
    }
    return blocks;
  }

  /**
   * Whether the block shows output (a transcript) rather than commands to type or code to read:
   * fences with no info string, {@code text}, {@code console} or {@code json}.
   */
  boolean showsOutput() {
    return info.isEmpty() || List.of("text", "console", "json").contains(info);
  }
}
