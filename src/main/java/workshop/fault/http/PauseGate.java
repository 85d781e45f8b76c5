package workshop.fault.http;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A process paused from within, where the operating system cannot stop it (Windows, or several
 * servers sharing one JVM): calls in and out wait at the gate, and the parts with timers of their
 * own (the protocol runner) are paused with it, so the process answers nothing, sends nothing and
 * keeps its memory, as under SIGSTOP. {@link #resume} lets everything that waited go on.
 */
final class PauseGate {
  private record Listener(Runnable pause, Runnable resume) {}

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch gate;
  private Instant since;

  void onPause(Runnable pause, Runnable resume) {
    listeners.add(new Listener(pause, resume));
  }

  /** Returns false when it was already paused. */
  boolean pause(Instant now) {
    synchronized (this) {
      if (gate != null) {
        return false;
      }
      gate = new CountDownLatch(1);
      since = now;
    }
    listeners.forEach(l -> l.pause().run());
    return true;
  }

  /** Returns false when it was not paused. */
  boolean resume() {
    CountDownLatch open;
    synchronized (this) {
      if (gate == null) {
        return false;
      }
      open = gate;
      gate = null;
      since = null;
    }
    listeners.forEach(l -> l.resume().run());
    open.countDown();
    return true;
  }

  /** When it was paused, or null while it runs. */
  synchronized Instant since() {
    return since;
  }

  /** Waits while paused. */
  void pass() {
    CountDownLatch wait = gate;
    if (wait == null) {
      return;
    }
    try {
      wait.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
