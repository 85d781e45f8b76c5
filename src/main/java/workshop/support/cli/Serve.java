package workshop.support.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a server command running until Ctrl+C or SIGTERM, then closes it cleanly. */
public final class Serve {
  private Serve() {}

  public static int untilShutdown(AutoCloseable server, String stoppedMessage) {
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception e) {
                    // Shutting down anyway.
                  }
                  System.out.println(stoppedMessage);
                  System.out.flush();
                  done.countDown();
                }));
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
