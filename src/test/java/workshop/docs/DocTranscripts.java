package workshop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The docs' transcript blocks, and the one way to check one against what the program printed. Tests
 * that produce a command's real output (the module checks run {@code verify}; the scenes run
 * modules with real processes) call {@link #assertMatch}; {@link DocTranscriptsTest} checks the
 * rest and that every block is covered.
 */
public final class DocTranscripts {
  private DocTranscripts() {}

  /** The docs that show output: the README, the lessons and the guides. */
  static List<Path> docs() {
    List<Path> docs = new ArrayList<>();
    docs.add(Path.of("README.md"));
    try (Stream<Path> top = Files.list(Path.of("docs"));
        Stream<Path> lessons = Files.list(Path.of("docs", "lessons"))) {
      Stream.concat(top, lessons)
          .filter(p -> p.toString().endsWith(".md"))
          .sorted()
          .forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static List<DocBlock> blocks() {
    return docs().stream().flatMap(d -> DocBlock.read(d).stream()).toList();
  }

  /** The transcript blocks whose marker names {@code subject}. */
  static List<DocBlock> transcripts(String subject) {
    return blocks().stream()
        .filter(
            b ->
                b.marker().isPresent()
                    && b.marker().get().kind() == Marker.Kind.TRANSCRIPT
                    && b.marker().get().subject().equals(subject))
        .toList();
  }

  /**
   * Checks every doc block marked {@code <!-- transcript...: subject -->} against {@code output},
   * what the program printed for it; fails naming each block that differs, with the diff. At least
   * one block must name the subject, so a renamed marker is noticed.
   */
  public static void assertMatch(String subject, String output) {
    List<DocBlock> blocks = transcripts(subject);
    assertThat(blocks).as("doc blocks marked with the subject '%s'", subject).isNotEmpty();
    List<String> failures = new ArrayList<>();
    for (DocBlock b : blocks) {
      check(b, output).ifPresent(failures::add);
    }
    assertThat(failures).as("%s", String.join("\n", failures)).isEmpty();
  }

  /**
   * Empty when the block matches {@code output}; otherwise the failure: the doc and line, the
   * command, the comparison and the diff. A block may start with {@code $ <subject>}, the prompt
   * line, which is not part of the output.
   */
  static Optional<String> check(DocBlock b, String output) {
    Marker m = b.marker().orElseThrow();
    List<String> doc = withoutPrompt(b.lines(), m.subject());
    List<String> program = lines(output);
    return Transcript.mismatch(doc, program, m)
        .map(
            diff ->
                b.where()
                    + ": the block is not what `"
                    + m.subject()
                    + "` prints ("
                    + m.mode()
                    + "; - doc, + program):\n"
                    + diff);
  }

  static List<String> withoutPrompt(List<String> lines, String subject) {
    if (!lines.isEmpty() && lines.get(0).equals("$ " + subject)) {
      return lines.subList(1, lines.size());
    }
    return lines;
  }

  static List<String> lines(String output) {
    List<String> lines = new ArrayList<>(output.lines().toList());
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /**
   * Replaces the block's lines with {@code output} (keeping a prompt line), for {@code
   * -Ddocs.rewrite=true} after a deliberate change; review the diff like code.
   */
  static void rewrite(DocBlock b, String output) {
    try {
      List<String> text = new ArrayList<>(Files.readAllLines(b.doc(), StandardCharsets.UTF_8));
      String fence = text.get(b.line() - 1);
      String indent = fence.substring(0, fence.indexOf("```"));
      int end = b.line() + b.lines().size();
      List<String> replacement = new ArrayList<>();
      boolean prompt = !b.lines().isEmpty() && b.lines().get(0).startsWith("$ ");
      if (prompt) {
        replacement.add(indent + b.lines().get(0));
      }
      for (String l : lines(output)) {
        replacement.add(l.isEmpty() ? "" : indent + l);
      }
      List<String> body = text.subList(b.line(), end);
      body.clear();
      body.addAll(replacement);
      Files.write(b.doc(), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
