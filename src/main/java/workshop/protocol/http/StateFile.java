package workshop.protocol.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import workshop.support.json.Json;

/**
 * Where a node's persisted record lives between runs: one JSON file, replaced atomically (written
 * beside it, then moved over it), so a crash mid-write leaves the previous state intact.
 */
final class StateFile {
  private final Path file;
  private final Class<? extends Record> type;

  StateFile(Path file, Class<? extends Record> type) {
    this.file = file;
    this.type = type;
  }

  /** The last record written, or null when there is none yet. */
  Record load() {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return Json.load(Files.readAllBytes(file), type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state file " + file, e);
    } catch (Json.JsonParseFailure e) {
      throw new IllegalStateException(
          "the state file "
              + file
              + " is damaged ("
              + e.getMessage()
              + "); move it away to start empty");
    }
  }

  void save(Record state) {
    if (!type.isInstance(state)) {
      throw new IllegalArgumentException(
          "the node persisted a "
              + state.getClass().getSimpleName()
              + ", not a "
              + type.getSimpleName());
    }
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(temp, Json.write(state));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the state file " + file, e);
    }
  }
}
