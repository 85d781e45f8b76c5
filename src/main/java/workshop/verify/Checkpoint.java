package workshop.verify;

/** One checked promise of the manual: what was checked, whether it held, and what was seen. */
public record Checkpoint(String module, String name, boolean passed, String observed) {
  public String line() {
    return (passed ? "✅ " : "❌ ") + name + " — " + observed;
  }
}
