package workshop.fault.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import workshop.support.json.Json;

/**
 * The network faults in force in one checkout, as {@code ./workshop net} last set them: {@code
 * <state>/net/rules.json}, a {@link NetWire.Rules}. Like a firewall's rules, they belong to the
 * machine rather than to a process: a server that starts (or restarts) while they are in force
 * reads them and is partitioned, delayed or lossy like the others. {@code net reset} and {@code
 * down} delete the file.
 */
public final class RulesFile {
  private final Path file;

  public RulesFile(Path state) {
    this.file = state.toAbsolutePath().normalize().resolve("net").resolve("rules.json");
  }

  public Path path() {
    return file;
  }

  /** The rules, or empty when none were set (or the file cannot be read as rules). */
  public Optional<NetWire.Rules> read() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.read(Files.readAllBytes(file), NetWire.Rules.class));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public void write(NetWire.Rules rules) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("rules.json.tmp");
      Files.write(tmp, Json.write(rules));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }
}
