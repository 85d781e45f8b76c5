package workshop.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Each node's pending timers: at most one per name, as the contract says. Setting a timer again
 * gives it a new generation, so the event queued for the old one finds itself stale and does
 * nothing; cancelling or crashing does the same. Nodes have few timer names, so a node's table is
 * two short arrays searched in order, created on first use.
 */
final class Timers {
  private final String[][] names;
  private final long[][] generations;
  private long next = 1;

  Timers(int nodes) {
    names = new String[nodes][];
    generations = new long[nodes][];
  }

  /** Sets (or replaces) {@code name} on {@code node}; returns the new timer's generation. */
  long set(int node, String name) {
    int slot = slot(node, name, true);
    generations[node][slot] = next;
    return next++;
  }

  void cancel(int node, String name) {
    int slot = slot(node, name, false);
    if (slot >= 0) {
      generations[node][slot] = 0;
    }
  }

  /** True when {@code generation} is still the pending timer {@code name}; it is then spent. */
  boolean fire(int node, String name, long generation) {
    int slot = slot(node, name, false);
    if (slot < 0 || generations[node][slot] != generation) {
      return false;
    }
    generations[node][slot] = 0;
    return true;
  }

  void clear(int node) {
    names[node] = null;
    generations[node] = null;
  }

  List<String> pending(int node) {
    List<String> pending = new ArrayList<>();
    if (names[node] != null) {
      for (int i = 0; i < names[node].length && names[node][i] != null; i++) {
        if (generations[node][i] != 0) {
          pending.add(names[node][i]);
        }
      }
    }
    return pending;
  }

  private int slot(int node, String name, boolean create) {
    String[] n = names[node];
    int i = 0;
    if (n != null) {
      for (; i < n.length && n[i] != null; i++) {
        if (n[i].equals(name)) {
          return i;
        }
      }
    }
    if (!create) {
      return -1;
    }
    if (n == null || i == n.length) {
      int size = n == null ? 2 : n.length * 2;
      names[node] = n == null ? new String[size] : java.util.Arrays.copyOf(n, size);
      generations[node] =
          n == null ? new long[size] : java.util.Arrays.copyOf(generations[node], size);
    }
    names[node][i] = name;
    return i;
  }
}
