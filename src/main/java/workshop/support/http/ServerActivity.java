package workshop.support.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link WebServer} is doing, for {@code GET /info} and {@code GET /clients}: its open
 * connections, the requests being handled now, and the answers sent by status class. The transport
 * reports each connection's opening and closing and each request's start, answer and end; one
 * instance per server, written by every connection's thread.
 *
 * <p>Cost on the request path: a few volatile writes on the connection's own record and two
 * uncontended {@link LongAdder} increments, so a server answering 100,000 requests a second spends
 * well under 1 % of its time here.
 */
final class ServerActivity {
  private final long startedNanos = System.nanoTime();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, OpenConnection> open = new ConcurrentHashMap<>();
  private final LongAdder active = new LongAdder();
  private final LongAdder connectionsEver = new LongAdder();

  /** Answers by status class: index 1 is 1xx ... 5 is 5xx. */
  private final LongAdder[] answers = new LongAdder[6];

  ServerActivity() {
    for (int i = 0; i < answers.length; i++) {
      answers[i] = new LongAdder();
    }
  }

  OpenConnection opened(String remote, Http10Reader reader) {
    OpenConnection c = new OpenConnection(ids.incrementAndGet(), remote, System.nanoTime(), reader);
    open.put(c.id(), c);
    connectionsEver.increment();
    return c;
  }

  void closed(OpenConnection c) {
    open.remove(c.id());
  }

  void began(OpenConnection c, String method, String path) {
    active.increment();
    if (c != null) {
      c.began(method, path, System.nanoTime());
    }
  }

  void ended(OpenConnection c) {
    active.decrement();
    if (c != null) {
      c.ended(System.nanoTime());
    }
  }

  /** One answer sent (or refused before routing) with this status. */
  void answered(int status) {
    int klass = status / 100;
    answers[klass >= 1 && klass <= 5 ? klass : 0].increment();
  }

  long uptimeMillis() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  long activeRequests() {
    return active.sum();
  }

  int openConnections() {
    return open.size();
  }

  long connectionsEver() {
    return connectionsEver.sum();
  }

  /** Answers with a status of class {@code klass} (2 for 2xx); 0 counts anything else. */
  long answers(int klass) {
    return answers[klass].sum();
  }

  long answersTotal() {
    long sum = 0;
    for (LongAdder a : answers) {
      sum += a.sum();
    }
    return sum;
  }

  /** The open connections, oldest first. */
  List<ClientEntry> clients() {
    long now = System.nanoTime();
    List<ClientEntry> list = new ArrayList<>();
    for (OpenConnection c : open.values()) {
      list.add(c.entry(now));
    }
    list.sort(Comparator.comparingLong(ClientEntry::id));
    return list;
  }
}
