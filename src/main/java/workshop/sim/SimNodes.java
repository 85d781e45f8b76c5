package workshop.sim;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import workshop.protocol.NodeFactory;
import workshop.protocol.ProtocolNode;

/**
 * The simulated processes: for each node, by position, its current instance (null while down), its
 * status, its incarnation (bumped by every crash, so that a restarted process never receives what
 * was meant for its predecessor), the record it last persisted (the "disk", which survives
 * crashes), the input waiting while it is paused, its timers, its clock and its random source.
 * Parallel arrays, so that a big cluster costs a few references per node. Not thread-safe.
 */
final class SimNodes<M> {
  final List<String> names;
  private final Map<String, Integer> index = new HashMap<>();
  private final NodeFactory<M> factory;
  final ProtocolNode<M>[] nodes;
  final NodeStatus[] status;
  final int[] incarnation;
  final Record[] persisted;
  private final ArrayDeque<SimEvent<M>>[] parked;
  final SplittableRandom[] randoms;
  final Timers timers;
  final NodeClocks clocks;

  /** The node that handled the last input: asked about most, so found without hashing. */
  int lastStepped = -1;

  @SuppressWarnings("unchecked")
  SimNodes(List<String> names, NodeFactory<M> factory, SplittableRandom seeds) {
    this.names = List.copyOf(names);
    for (int i = 0; i < names.size(); i++) {
      if (index.put(names.get(i), i) != null) {
        throw new IllegalArgumentException(names.get(i) + " is named twice");
      }
    }
    int n = names.size();
    this.factory = factory;
    this.nodes = new ProtocolNode[n];
    this.status = new NodeStatus[n];
    Arrays.fill(status, NodeStatus.DOWN);
    this.incarnation = new int[n];
    this.persisted = new Record[n];
    this.parked = new ArrayDeque[n];
    this.randoms = new SplittableRandom[n];
    for (int i = 0; i < n; i++) {
      randoms[i] = seeds.split();
    }
    this.timers = new Timers(n);
    this.clocks = new NodeClocks(n);
  }

  int size() {
    return names.size();
  }

  String name(int i) {
    return names.get(i);
  }

  Integer indexOrNull(String node) {
    return index.get(node);
  }

  int indexOf(String node) {
    if (lastStepped >= 0 && names.get(lastStepped) == node) {
      return lastStepped;
    }
    Integer i = index.get(node);
    if (i == null) {
      throw new IllegalArgumentException(node + " is not in the cluster; " + SimText.nodes(names));
    }
    return i;
  }

  /** A new instance from what the node last persisted (nothing on a first start or a wipe). */
  void build(int i) {
    nodes[i] = factory.create(names.get(i), persisted[i]);
    status[i] = NodeStatus.UP;
  }

  /** The process dies: memory, timers and waiting input are gone; the disk stays. */
  void crash(int i) {
    nodes[i] = null;
    status[i] = NodeStatus.DOWN;
    incarnation[i]++;
    timers.clear(i);
    parked[i] = null;
  }

  void park(int i, SimEvent<M> e) {
    if (parked[i] == null) {
      parked[i] = new ArrayDeque<>();
    }
    parked[i].add(e);
  }

  /** The node runs again; returns what waited for it, in the order it arrived. */
  ArrayDeque<SimEvent<M>> resume(int i) {
    status[i] = NodeStatus.UP;
    ArrayDeque<SimEvent<M>> waiting = parked[i];
    parked[i] = null;
    return waiting == null ? new ArrayDeque<>() : waiting;
  }
}
