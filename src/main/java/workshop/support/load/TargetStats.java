package workshop.support.load;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import workshop.support.http.CallFailure;

/** Counters and a latency histogram for one target of a load run. Thread-safe. */
final class TargetStats {
  final String target;
  final LongAdder ok = new LongAdder();
  final LongAdder client4xx = new LongAdder();
  final LongAdder server5xx = new LongAdder();
  final LongAdder other = new LongAdder();
  final LongAdder[] failures = new LongAdder[CallFailure.Kind.values().length];
  final LongAdder headBytes = new LongAdder();
  final LongAdder bodyBytes = new LongAdder();
  private volatile String server;
  private volatile long firstLength = -1;
  private volatile boolean variableLength;
  private final Recorder recorder = new Recorder(3);
  private final Histogram total = new Histogram(3);

  TargetStats(String target) {
    this.target = target;
    for (int i = 0; i < failures.length; i++) {
      failures[i] = new LongAdder();
    }
  }

  void answered(int status, long micros) {
    recorder.recordValue(Math.max(1, micros));
    if (status >= 200 && status < 300) {
      ok.increment();
    } else if (status >= 400 && status < 500) {
      client4xx.increment();
    } else if (status >= 500) {
      server5xx.increment();
    } else {
      other.increment();
    }
  }

  /** The size of an answer: its head (as re-counted from its headers) and its body. */
  void received(long head, long body, String serverHeader) {
    headBytes.add(head);
    bodyBytes.add(body);
    if (firstLength < 0) {
      synchronized (this) {
        if (firstLength < 0) {
          server = serverHeader;
          firstLength = body;
          return;
        }
      }
    }
    if (body != firstLength && !variableLength) {
      variableLength = true;
    }
  }

  String server() {
    return server;
  }

  long firstLength() {
    return firstLength;
  }

  boolean variableLength() {
    return variableLength;
  }

  void failed(CallFailure.Kind kind) {
    failures[kind.ordinal()].increment();
  }

  long failures(CallFailure.Kind kind) {
    return failures[kind.ordinal()].sum();
  }

  long requests() {
    long n = ok.sum() + client4xx.sum() + server5xx.sum() + other.sum();
    for (LongAdder f : failures) {
      n += f.sum();
    }
    return n;
  }

  /** Everything recorded so far. */
  synchronized Histogram histogram() {
    total.add(recorder.getIntervalHistogram());
    return total.copy();
  }
}
