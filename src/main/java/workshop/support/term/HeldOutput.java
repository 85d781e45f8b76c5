package workshop.support.term;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output and error held back while a live view owns the screen, and printed when it ends:
 * a line printed over a frame would shift or garble it, and the next redraw would leave it
 * half-erased. At most {@link #LIMIT} bytes per stream are kept; beyond that the output is counted
 * and the count printed.
 */
final class HeldOutput {
  static final int LIMIT = 1 << 20;

  private final PrintStream out;
  private final PrintStream err;
  private final Buffer heldOut = new Buffer();
  private final Buffer heldErr = new Buffer();

  private HeldOutput(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Starts holding {@code System.out} and {@code System.err}. */
  static HeldOutput hold() {
    HeldOutput h = new HeldOutput(System.out, System.err);
    System.setOut(new PrintStream(h.heldOut, true, h.out.charset()));
    System.setErr(new PrintStream(h.heldErr, true, h.err.charset()));
    return h;
  }

  /** Puts the streams back and prints what they were given meanwhile. */
  void release() {
    System.out.flush();
    System.err.flush();
    System.setOut(out);
    System.setErr(err);
    heldOut.replay(out);
    heldErr.replay(err);
  }

  private static final class Buffer extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long dropped;

    @Override
    public synchronized void write(int b) {
      if (bytes.size() < LIMIT) {
        bytes.write(b);
      } else {
        dropped++;
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int room = Math.max(0, Math.min(len, LIMIT - bytes.size()));
      bytes.write(b, off, room);
      dropped += len - room;
    }

    synchronized void replay(PrintStream to) {
      to.write(bytes.toByteArray(), 0, bytes.size());
      if (dropped > 0) {
        to.println(
            "(" + dropped + " more bytes printed while the view was on screen were dropped)");
      }
      to.flush();
    }
  }
}
