package workshop.verify;

/**
 * A module's manual, run as a program: start what the module needs on free ports, do the manual's
 * steps, and record each checkpoint with {@link VerifyRun#check}. Must stop by itself and must not
 * depend on fixed ports.
 */
public interface ModuleCheck {
  void run(VerifyRun run) throws Exception;
}
