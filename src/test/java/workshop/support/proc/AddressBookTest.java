package workshop.support.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each server listens, by name: written by the server, read by ./workshop net. */
class AddressBookTest {
  @TempDir Path state;

  @Test
  void aServerIsFoundByNameUntilItIsRemoved() {
    AddressBook book = new AddressBook(state);
    Path file = book.add("node-2", "http://127.0.0.1:5002");
    assertThat(book.live())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("node-2");
              assertThat(e.address()).isEqualTo("127.0.0.1:5002");
              assertThat(e.pid()).isEqualTo(ProcessHandle.current().pid());
            });
    book.remove(file);
    assertThat(book.live()).isEmpty();
  }

  @Test
  void entriesOfEndedProcessesAndUnreadableFilesAreSkippedAndForgotten() throws Exception {
    AddressBook book = new AddressBook(state);
    Files.createDirectories(book.dir());
    // A PID far above any system's limit: no such process runs.
    Path ended = book.dir().resolve("999999999-5001.server");
    Files.writeString(ended, "999999999 - node-1 http://127.0.0.1:5001\n");
    Path garbage = book.dir().resolve("1-1.server");
    Files.writeString(garbage, "not an entry\n");
    assertThat(book.live()).isEmpty();
    assertThat(ended).doesNotExist();
    assertThat(garbage).doesNotExist();
  }

  @Test
  void aNameWithSpacesIsRefused() {
    assertThatThrownBy(() -> new AddressBook(state).add("Node 1", "http://127.0.0.1:5101"))
        .hasMessageContaining("no spaces");
  }
}
