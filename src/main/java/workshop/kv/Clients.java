package workshop.kv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The open connections, for {@code CLIENT LIST}, {@code CLIENT SETNAME} and INFO's {@code
 * connected_clients}: each with its id (never reused), addresses, name, when it connected, when it
 * last sent a command and which. The shell reports connects, commands and disconnects; time is an
 * input. Not thread-safe: the server serializes every call.
 */
public final class Clients {
  private static final class Client {
    final long id;
    final String addr;
    final String laddr;
    final long connectedMillis;
    String name = "";
    long lastMillis;
    String lastCommand = "NULL";

    Client(long id, String addr, String laddr, long nowMillis) {
      this.id = id;
      this.addr = addr;
      this.laddr = laddr;
      this.connectedMillis = nowMillis;
      this.lastMillis = nowMillis;
    }
  }

  private final Map<Long, Client> open = new LinkedHashMap<>();
  private long lastId;
  private long connectionsReceived;

  /** A new connection from {@code addr} to {@code laddr} ("127.0.0.1:52555"); returns its id. */
  public long connect(String addr, String laddr, long nowMillis) {
    long id = ++lastId;
    open.put(id, new Client(id, addr, laddr, nowMillis));
    connectionsReceived++;
    return id;
  }

  public void disconnect(long id) {
    open.remove(id);
  }

  /** Records that client {@code id} sent {@code command} (lowercase, "client|list"). */
  public void touch(long id, String command, long nowMillis) {
    Client c = open.get(id);
    if (c != null) {
      c.lastCommand = command;
      c.lastMillis = nowMillis;
    }
  }

  public void setName(long id, String name) {
    Client c = open.get(id);
    if (c != null) {
      c.name = name;
    }
  }

  public String name(long id) {
    Client c = open.get(id);
    return c == null ? "" : c.name;
  }

  public int count() {
    return open.size();
  }

  public long connectionsReceived() {
    return connectionsReceived;
  }

  /** One line per open connection, in Redis's field names, each line ending in a newline. */
  public String list(long nowMillis) {
    StringBuilder out = new StringBuilder();
    for (Client c : open.values()) {
      StringJoiner line = new StringJoiner(" ", "", "\n");
      line.add("id=" + c.id)
          .add("addr=" + c.addr)
          .add("laddr=" + c.laddr)
          .add("name=" + c.name)
          .add("age=" + (nowMillis - c.connectedMillis) / 1000)
          .add("idle=" + (nowMillis - c.lastMillis) / 1000)
          .add("flags=N")
          .add("db=0")
          .add("cmd=" + c.lastCommand)
          .add("user=default")
          .add("resp=2");
      out.append(line);
    }
    return out.toString();
  }
}
