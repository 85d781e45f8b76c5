package workshop.gossip;

import java.util.Arrays;

/** The peers a node may gossip with, by number; cheap for a full mesh of thousands. */
public interface PeerSet {
  int size();

  /** The {@code index}-th peer, 0 <= index < size(). */
  int get(int index);

  /** Exactly these peers. */
  static PeerSet of(int... peers) {
    int[] copy = Arrays.copyOf(peers, peers.length);
    return new PeerSet() {
      @Override
      public int size() {
        return copy.length;
      }

      @Override
      public int get(int index) {
        return copy[index];
      }
    };
  }

  /** Every node 0..n-1 but {@code self}: a full mesh without storing it. */
  static PeerSet allExcept(int self, int n) {
    return new PeerSet() {
      @Override
      public int size() {
        return n - 1;
      }

      @Override
      public int get(int index) {
        return index < self ? index : index + 1;
      }
    };
  }
}
