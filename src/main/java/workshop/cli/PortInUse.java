package workshop.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a process of a module cannot listen on its port, for the last line {@code up} (or {@code
 * restart}) prints: which port, held by what (when the machine lets us see it), and the fix,
 * including the exact {@code up} command that moves the process elsewhere. Pure.
 */
final class PortInUse {
  private PortInUse() {}

  /**
   * @param holder the holder as {@code pid 42 (python3 -m http.server)}, or null when not visible
   * @param recordedAs the name under which the toolkit itself started the holder, or null
   * @param moves the {@code --port} moves already given to {@code up}, kept in the suggestion
   * @param suggestion a free port to move to
   */
  static String line(
      String module,
      String process,
      int port,
      String holder,
      String recordedAs,
      List<String> moves,
      int suggestion) {
    String head = process + " cannot listen on port " + port;
    String move = moveCommand(module, process, moves, suggestion);
    if (recordedAs != null) {
      return head
          + ", which "
          + recordedAs
          + (holder == null ? "" : " (" + holder + ")")
          + " from an earlier start still holds. Stop it with ./workshop down, then run up"
          + " again.";
    }
    if (holder == null) {
      return head
          + ", which is in use by a program this user cannot see (another user's or the"
          + " system's; sudo lsof -i :"
          + port
          + " names it). Stop it, or move "
          + process
          + ": "
          + move;
    }
    if (holder.contains("ControlCe") || holder.contains("AirPlay")) {
      return head
          + ", which is in use by "
          + holder
          + ": macOS's AirPlay Receiver. Turn it off in System Settings > General > AirDrop &"
          + " Handoff, or move "
          + process
          + ": "
          + move;
    }
    return head
        + ", which is in use by "
        + holder
        + ". Stop that program, or move "
        + process
        + ": "
        + move;
  }

  /** {@code ./workshop up 23 --port registry=5050}, keeping moves already given. */
  static String moveCommand(String module, String process, List<String> moves, int suggestion) {
    List<String> words = new ArrayList<>(List.of("./workshop", "up", module));
    for (String m : moves) {
      if (!m.startsWith(process + "=")) {
        words.add("--port");
        words.add(m);
      }
    }
    words.add("--port");
    words.add(process + "=" + suggestion);
    return String.join(" ", words);
  }
}
